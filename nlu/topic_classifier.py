"""TopicClassifier: makes sure a message about a problem gets a canonical `topic` entity.

DIET finds topic words as spans ("huurachterstand" → schulden via synonyms), but people describe
problems in many more words than the training data holds. This component keeps a span entity when
its value is a canonical topic. Otherwise it decides from the whole message, combining two views:
- a logistic regression over "<topic>" or "none" on the pipeline's sentence features, trained on
  every training example (learns from the data);
- the topic stems in buurtbot.referral.topics (domain knowledge, extendable without retraining data).
A topic with stem hits wins by hits plus probability; without hits the regression must be confident.
When it is not (or two topics are close), no topic is set and the likeliest topics go out as
`topic_ranking`, so that the bot asks with buttons instead of guessing (actions/referral.py).
Two topics that both have stem hits are two needs: the stronger is the topic, the other goes out as
`second_topic`, offered as a button after the answer. A message that names a need in the words of a
topic ("ik ben zo alleen sinds mijn vrouw overleed") is a question for help, even when the intent
classifier read small talk into it.
"""

from __future__ import annotations

import logging
import warnings
from pathlib import Path
from typing import Any, Dict, List, Optional, Text, Type

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.nlu.featurizers.featurizer import Featurizer
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from scipy.sparse import csr_matrix, hstack, vstack
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression

from buurtbot.referral.topics import DANGER_TOPICS, TOPICS, first_stem_at, topics_in

logger = logging.getLogger(__name__)
NONE = "none"
WEIGHTS_FILE = "topic_classifier.npz"
ENTITY = "topic"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=True)
class TopicClassifier(GraphComponent, EntityExtractorMixin):
    @classmethod
    def required_components(cls) -> List[Type]:
        return [Featurizer]

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        # featurizers: the aliases of the featurizers to learn from (empty: all of them).
        # threshold: below it the regression's best topic is only offered as a choice; margin: two topics whose
        # scores are closer than this are both offered. Tuned with nlu/tune_topics.py on the development sets.
        # second: next to a topic named in its own words, another topic this likely is a second need.
        # danger: a danger topic (Veilig Thuis, "bel 112") without its own words needs this much; 1.0: never from
        # the regression alone (it read "met pensioen en de hele dag thuis" as domestic violence at 0.89).
        return {
            "threshold": 0.4,
            "margin": 0.15,
            "second": 0.6,
            "danger": 1.0,
            "C": 5.0,
            "max_iter": 300,
            "random_state": 42,
            "featurizers": [],
        }

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource) -> None:
        self.config = {**self.get_default_config(), **config}
        self.clf: Optional[LogisticRegression] = None
        self._model_storage = model_storage
        self._resource = resource

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "TopicClassifier":
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        examples = [e for e in training_data.intent_examples if e.get(TEXT)]
        labels = [_gold_topic(e) for e in examples]
        if len(set(labels)) < 2:
            logger.debug("TopicClassifier: no topics in the training data; nothing to learn.")
            return self._resource
        # Multinomial lbfgs gives calibrated "none" vs topic probabilities; a few hundred iterations are
        # enough on these features (full convergence takes minutes and changes little).
        self.clf = LogisticRegression(
            C=self.config["C"],
            max_iter=self.config["max_iter"],
            class_weight="balanced",
            random_state=self.config["random_state"],
        )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            self.clf.fit(_features(examples, self.config["featurizers"]), labels)
        self._persist()
        return self._resource

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            entities = [e for e in message.get(ENTITIES, []) if e["entity"] != ENTITY or e.get("value") in TOPICS]
            if self.clf is not None and not any(e["entity"] == ENTITY for e in entities):
                entities += self._predict(message)
            message.set(ENTITIES, entities, add_to_output=True)

        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data  # training examples keep their annotated entities

    def _predict(self, message: Message) -> List[Dict[Text, Any]]:
        scores = self.scores(message)
        ranked = sorted(scores, key=scores.get, reverse=True)
        if not ranked:
            return []
        # The three best scores, for tuning the threshold and margin (tools/tune_thresholds.py).
        message.set(
            "topic_scores", [{"topic": t, "score": round(scores[t], 3)} for t in ranked[:3]], add_to_output=True
        )
        words = _words(message)
        if len(ranked) > 1 and scores[ranked[0]] >= 1 and scores[ranked[1]] >= 1:
            ranked[:2] = sorted(ranked[:2], key=lambda t: first_stem_at(t, words))  # two needs: the first said first
        best = ranked[0]
        runner_up = scores[ranked[1]] if len(ranked) > 1 else 0.0
        if scores[best] >= 1 and (runner_up >= 1 or runner_up >= self.config["second"]):
            message.set("second_topic", ranked[1], add_to_output=True)  # named in the topic's words, and another need
        elif scores[best] < 1 and (
            scores[best] < self.config["threshold"]
            or scores[best] - runner_up < self.config["margin"]
            or (best in DANGER_TOPICS and scores[best] < self.config["danger"])
        ):  # a danger topic is no guess: without its own words, the bot asks
            choices = [t for t in ranked[:3] if scores[t] >= self.config["threshold"] / 2]
            message.set(
                "topic_ranking", [{"topic": t, "score": round(scores[t], 3)} for t in choices], add_to_output=True
            )
            return []
        message.set("topic_hits", scores[best] >= 1, add_to_output=True)  # named in its own words, not guessed
        text = message.get(TEXT)
        return [
            {
                "entity": ENTITY,
                "value": best,
                "start": 0,
                "end": len(text),
                "confidence_entity": min(scores[best], 1.0),
                "extractor": self.__class__.__name__,
            }
        ]

    def scores(self, message: Message) -> Dict[str, float]:
        """A score per topic: the regression's probability, plus one per stem hit (domain knowledge)."""
        probabilities = dict(
            zip(
                self.clf.classes_,
                self.clf.predict_proba(_features([message], self.config["featurizers"]))[0],
                strict=True,
            )
        )
        hits = topics_in(_words(message))
        if probabilities.get(NONE, 0.0) > 0.5 and not hits:
            return {}
        return {topic: float(probabilities.get(topic, 0.0)) + hits.get(topic, 0) for topic in TOPICS}

    def _persist(self) -> None:
        with self._model_storage.write_to(self._resource) as model_dir:
            save_weights(self.clf, model_dir / WEIGHTS_FILE)

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> "TopicClassifier":
        component = cls(config, model_storage, resource)
        try:
            with model_storage.read_from(resource) as model_dir:
                component.clf = load_weights(model_dir / WEIGHTS_FILE)
        except (ValueError, FileNotFoundError):
            logger.debug("TopicClassifier: no trained model stored; it will add no topics.")
        return component


def save_weights(clf: LogisticRegression, path: Path) -> None:
    """The fitted weights as plain arrays. Not skops: importing skops.io takes ~5 s in a process that has
    TensorFlow loaded (it scans every loaded module), which was a third of a Rasa server's start-up."""
    # predict_proba chooses between one-vs-rest and softmax from multi_class and solver, so they are kept too.
    np.savez(
        path,
        coef=clf.coef_,
        intercept=clf.intercept_,
        classes=clf.classes_.astype(str),
        multi_class=clf.multi_class,
        solver=clf.solver,
    )


def load_weights(path: Path) -> LogisticRegression:
    """The classifier `save_weights` stored; no pickle, so a model file cannot run code."""
    with np.load(path, allow_pickle=False) as stored:
        clf = LogisticRegression(multi_class=str(stored["multi_class"]), solver=str(stored["solver"]))
        clf.coef_, clf.intercept_ = stored["coef"], stored["intercept"]
        clf.classes_ = stored["classes"].astype(object)
    clf.n_features_in_ = clf.coef_.shape[1]
    return clf


def _words(message: Message) -> str:
    return " ".join(t.text for t in message.get(TOKENS_NAMES[TEXT]) or [])


def _gold_topic(example: Message) -> str:
    topics = [e["value"] for e in example.get(ENTITIES, []) if e["entity"] == ENTITY and e.get("value") in TOPICS]
    return topics[0] if topics else NONE


def _features(messages: List[Message], featurizers: List[str]) -> csr_matrix:
    rows = []
    for message in messages:
        sparse = message.get_sparse_features(TEXT, featurizers or None)[1]  # sentence-level features
        dense = message.get_dense_features(TEXT, featurizers or None)[1]
        rows.append(
            hstack([csr_matrix(sparse.features if sparse else []), csr_matrix(dense.features if dense else [])])
        )
    return vstack(rows)
