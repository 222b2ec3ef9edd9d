"""Findings through the data sources scripts really use (issue 12 §2).

Each bad case is named by its source family and carries ``# expect:`` markers: the case must
yield exactly those findings, from every rule. Each good case (a trap) must yield nothing
at all. The families: ``tf.data`` pipelines, Keras's directory loaders, ImageDataGenerator,
and scikit-learn's bundled loaders and generators (with the encoders applied to them).
"""

from __future__ import annotations

import pytest
from conftest import lint, markers, message

FAMILIES = ("tf.data", "directory", "ImageDataGenerator", "sklearn")


def codes(code: str) -> list[tuple[int, str]]:
    return sorted((d.line, d.code) for d in lint(code))


BAD = {
    # -- tf.data -------------------------------------------------------------------------------
    "tf.data integer labels with a one-hot loss, from tensorflow.data import Dataset": """
        import numpy as np
        from tensorflow import keras
        from tensorflow.data import Dataset
        x = np.random.rand(200, 8).astype("float32")
        y = np.random.randint(0, 4, 200)
        ds = Dataset.from_tensor_slices((x, y)).shuffle(200).batch(32).prefetch(2)
        model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(4, activation="softmax")])
        model.compile(optimizer="adam", loss="categorical_crossentropy")  # expect: ZL202
        model.fit(ds, epochs=3)
        """,
    "tf.data tf.one_hot in a lambda map, sparse loss, tf.data.Dataset": """
        import numpy as np
        import tensorflow as tf
        x = np.random.rand(120, 5)
        y = np.random.randint(0, 3, 120)
        ds = tf.data.Dataset.from_tensor_slices((x, y)).batch(16)
        ds = ds.map(lambda features, label: (features, tf.one_hot(label, 3)))
        model = tf.keras.Sequential(
            [tf.keras.Input((5,)), tf.keras.layers.Dense(3, activation="softmax")]
        )
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")  # expect: ZL201
        model.fit(ds, epochs=2)
        """,
    "tf.data a def map one-hot over 5 classes into 10 units, tf_data alias": """
        import numpy as np
        import keras
        from tensorflow import data as tf_data
        import tensorflow as tf
        NUM_CLASSES = 5
        x = np.random.rand(64, 6).astype("float32")
        y = np.random.randint(0, NUM_CLASSES, 64)

        def encode(features, label):
            return features, tf.one_hot(label, depth=NUM_CLASSES)

        train = tf_data.Dataset.from_tensor_slices((x, y)).map(encode).cache().batch(8)
        model = keras.Sequential(
            [
                keras.Input((6,)),
                keras.layers.Dense(10, activation="softmax"),  # expect: ZL203
            ]
        )
        model.compile(optimizer="adam", loss="categorical_crossentropy")
        model.fit(train, epochs=2)
        """,
    "tf.data Dataset.zip of inputs and integer labels, categorical loss": """
        import numpy as np
        import tensorflow as tf
        images = np.random.rand(50, 4)
        labels = np.random.randint(0, 2, 50)
        pairs = tf.data.Dataset.zip(
            (tf.data.Dataset.from_tensor_slices(images), tf.data.Dataset.from_tensor_slices(labels))
        ).batch(10)
        model = tf.keras.Sequential(
            [tf.keras.Input((4,)), tf.keras.layers.Dense(2, activation="softmax")]
        )
        model.compile(optimizer="adam", loss="categorical_crossentropy")  # expect: ZL202
        model.fit(pairs)
        """,
    "tf.data raw MNIST pixels through a pipeline, keras 3": """
        import keras
        import tensorflow as tf
        (x_train, y_train), _ = keras.datasets.mnist.load_data()
        train = tf.data.Dataset.from_tensor_slices((x_train, y_train)).shuffle(1024).batch(64)
        model = keras.Sequential(
            [
                keras.Input((28, 28)),
                keras.layers.Flatten(),
                keras.layers.Dense(64, activation="relu"),
                keras.layers.Dense(10, activation="softmax"),
            ]
        )
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
        model.fit(train, epochs=2)  # expect: ZL302
        """,
    "tf.data validation on a subset of the training dataset": """
        import numpy as np
        import tensorflow as tf
        x = np.random.rand(100, 4).astype("float32")
        y = np.random.randint(0, 3, 100)
        ds = tf.data.Dataset.from_tensor_slices((x, y)).batch(10)
        model = tf.keras.Sequential(
            [tf.keras.Input((4,)), tf.keras.layers.Dense(3, activation="softmax")]
        )
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
        model.fit(ds, validation_data=ds.take(2), epochs=2)  # expect: ZL403
        """,
    # -- Keras directory loaders ---------------------------------------------------------------
    "directory image_dataset_from_directory default int labels, categorical loss, tf.keras": """
        import tensorflow as tf
        train = tf.keras.utils.image_dataset_from_directory("photos", image_size=(64, 64))
        model = tf.keras.Sequential(
            [
                tf.keras.Input((64, 64, 3)),
                tf.keras.layers.Rescaling(1.0 / 255),
                tf.keras.layers.Conv2D(8, 3, activation="relu"),
                tf.keras.layers.GlobalAveragePooling2D(),
                tf.keras.layers.Dense(5, activation="softmax"),
            ]
        )
        model.compile(optimizer="adam", loss="categorical_crossentropy")  # expect: ZL202
        model.fit(train, epochs=3)
        """,
    "directory image_dataset_from_directory raw pixels into Conv2D, from keras.utils": """
        from keras import layers, models
        from keras.utils import image_dataset_from_directory
        train_ds, val_ds = image_dataset_from_directory(
            "flowers", validation_split=0.2, subset="both", seed=1, image_size=(96, 96)
        )
        model = models.Sequential(
            [
                layers.Input((96, 96, 3)),
                layers.Conv2D(16, 3, activation="relu"),
                layers.GlobalAveragePooling2D(),
                layers.Dense(5, activation="softmax"),
            ]
        )
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
        model.fit(train_ds, validation_data=val_ds, epochs=5)  # expect: ZL302
        """,
    "directory categorical labels with a sparse loss, keras.preprocessing spelling": """
        import keras
        from keras.preprocessing import image_dataset_from_directory
        data = image_dataset_from_directory("pets", label_mode="categorical", image_size=(32, 32))
        inputs = keras.Input((32, 32, 3))
        hidden = keras.layers.Rescaling(1 / 255)(inputs)
        hidden = keras.layers.Flatten()(hidden)
        outputs = keras.layers.Dense(3, activation="softmax")(hidden)
        model = keras.Model(inputs, outputs)
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")  # expect: ZL201
        model.fit(data)
        """,
    "directory categorical over the listed class_names, too few units": """
        import keras
        data = keras.utils.image_dataset_from_directory(
            "animals", label_mode="categorical", class_names=["cat", "dog", "bird"]
        )
        model = keras.Sequential(
            [
                keras.Input((256, 256, 3)),
                keras.layers.Rescaling(1.0 / 255),
                keras.layers.Flatten(),
                keras.layers.Dense(2, activation="softmax"),  # expect: ZL203
            ]
        )
        model.compile(optimizer="adam", loss="categorical_crossentropy")
        model.fit(data)
        """,
    "directory text_dataset_from_directory int labels, categorical loss": """
        import keras
        raw = keras.utils.text_dataset_from_directory("reviews", batch_size=32)
        vectorize = keras.layers.TextVectorization(max_tokens=2000, output_sequence_length=50)
        model = keras.Sequential(
            [
                keras.Input((1,), dtype="string"),
                vectorize,
                keras.layers.Embedding(2000, 16),
                keras.layers.GlobalAveragePooling1D(),
                keras.layers.Dense(2, activation="softmax"),
            ]
        )
        model.compile(optimizer="adam", loss="categorical_crossentropy")  # expect: ZL202
        model.fit(raw, epochs=2)
        """,
    # -- ImageDataGenerator --------------------------------------------------------------------
    "ImageDataGenerator without rescale, flow_from_directory into Conv2D, tf.keras import": """
        from tensorflow.keras.preprocessing.image import ImageDataGenerator
        from tensorflow import keras
        augment = ImageDataGenerator(rotation_range=20, horizontal_flip=True)
        train = augment.flow_from_directory("train", target_size=(150, 150), class_mode="binary")
        model = keras.Sequential(
            [
                keras.Input((150, 150, 3)),
                keras.layers.Conv2D(16, 3, activation="relu"),
                keras.layers.Flatten(),
                keras.layers.Dense(1, activation="sigmoid"),
            ]
        )
        model.compile(optimizer="adam", loss="binary_crossentropy")
        model.fit(train, epochs=10)  # expect: ZL302
        """,
    "ImageDataGenerator flow of uint8 arrays without rescale, keras 2 import": """
        import numpy as np
        from tensorflow.keras.preprocessing.image import ImageDataGenerator
        from keras.models import Sequential
        from keras.layers import Conv2D, Dense, Flatten, Input
        from keras.utils import to_categorical
        images = np.random.randint(0, 256, (100, 32, 32, 3)).astype("uint8")
        labels = to_categorical(np.random.randint(0, 10, 100), 10)
        generator = ImageDataGenerator(width_shift_range=0.1)
        model = Sequential(
            [Input((32, 32, 3)), Conv2D(8, 3), Flatten(), Dense(10, activation="softmax")]
        )
        model.compile(optimizer="adam", loss="categorical_crossentropy")
        model.fit(generator.flow(images, labels, batch_size=32), epochs=5)  # expect: ZL302
        """,
    "ImageDataGenerator default categorical class_mode with a sparse loss": """
        import tensorflow as tf
        gen = tf.keras.preprocessing.image.ImageDataGenerator(rescale=1.0 / 255)
        batches = gen.flow_from_directory("data/train", target_size=(64, 64))
        model = tf.keras.Sequential(
            [
                tf.keras.Input((64, 64, 3)),
                tf.keras.layers.Flatten(),
                tf.keras.layers.Dense(4, activation="softmax"),
            ]
        )
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")  # expect: ZL201
        model.fit(batches, epochs=2)
        """,
    "ImageDataGenerator sparse class_mode with a categorical loss, fit_generator": """
        from tensorflow.keras.preprocessing.image import ImageDataGenerator
        from tensorflow.keras import layers, models
        flow = ImageDataGenerator(rescale=1 / 255.0).flow_from_directory(
            "leaves", target_size=(48, 48), class_mode="sparse"
        )
        model = models.Sequential(
            [layers.Input((48, 48, 3)), layers.Flatten(), layers.Dense(6, activation="softmax")]
        )
        model.compile(optimizer="adam", loss="categorical_crossentropy")  # expect: ZL202
        model.fit_generator(flow, epochs=2)
        """,
    "ImageDataGenerator flow_from_dataframe binary labels into two softmax units": """
        import pandas as pd
        import tensorflow as tf
        frame = pd.read_csv("labels.csv")
        flow = tf.keras.preprocessing.image.ImageDataGenerator(rescale=1 / 255).flow_from_dataframe(
            frame, directory="images", x_col="file", y_col="label", class_mode="binary"
        )
        model = tf.keras.Sequential(
            [
                tf.keras.Input((256, 256, 3)),
                tf.keras.layers.Flatten(),
                tf.keras.layers.Dense(2, activation="softmax"),
            ]
        )
        model.compile(optimizer="adam", loss="categorical_crossentropy")  # expect: ZL202
        model.fit(flow)
        """,
    # -- scikit-learn --------------------------------------------------------------------------
    "sklearn load_iris return_X_y, integer labels with a categorical loss": """
        from sklearn.datasets import load_iris
        from tensorflow import keras
        X, y = load_iris(return_X_y=True)
        model = keras.Sequential(
            [
                keras.Input((4,)),
                keras.layers.Dense(16, activation="relu"),
                keras.layers.Dense(3, activation="softmax"),
            ]
        )
        model.compile(optimizer="adam", loss="categorical_crossentropy")  # expect: ZL202
        model.fit(X, y, epochs=50)
        """,
    "sklearn load_digits Bunch attributes, ten classes into eight units": """
        import sklearn.datasets as skd
        import keras
        digits = skd.load_digits()
        X = digits.data / 16.0
        y = digits.target
        model = keras.Sequential(
            [keras.Input((64,)), keras.layers.Dense(8, activation="softmax")]  # expect: ZL203
        )
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
        model.fit(X, y)
        """,
    "sklearn StandardScaler fit on all of load_breast_cancer before the split": """
        from sklearn import datasets
        from sklearn.model_selection import train_test_split
        from sklearn.preprocessing import StandardScaler
        import tensorflow as tf
        cancer = datasets.load_breast_cancer()
        X = StandardScaler().fit_transform(cancer["data"])  # expect: ZL402
        X_train, X_test, y_train, y_test = train_test_split(X, cancer["target"], test_size=0.2)
        model = tf.keras.Sequential(
            [tf.keras.Input((30,)), tf.keras.layers.Dense(1, activation="sigmoid")]
        )
        model.compile(optimizer="adam", loss="binary_crossentropy")
        model.fit(X_train, y_train, validation_data=(X_test, y_test))
        """,
    "sklearn load_breast_cancer unscaled into Dense": """
        import sklearn
        import keras
        X, y = sklearn.datasets.load_breast_cancer(return_X_y=True)
        model = keras.Sequential(
            [
                keras.Input((30,)),
                keras.layers.Dense(16, activation="relu"),
                keras.layers.Dense(1, activation="sigmoid"),
            ]
        )
        model.compile(optimizer="adam", loss="binary_crossentropy")
        model.fit(X, y, epochs=20)  # expect: ZL301
        """,
    "sklearn make_classification three classes under binary cross-entropy": """
        from sklearn.datasets import make_classification
        import tensorflow as tf
        X, y = make_classification(n_samples=500, n_features=10, n_informative=5, n_classes=3)
        model = tf.keras.Sequential(
            [tf.keras.Input((10,)), tf.keras.layers.Dense(1, activation="sigmoid")]
        )
        model.compile(optimizer="adam", loss="binary_crossentropy")  # expect: ZL204
        model.fit(X, y)
        """,
    "sklearn make_hastie_10_2 labels -1/1 under binary cross-entropy": """
        from sklearn.datasets import make_hastie_10_2
        import keras
        X, y = make_hastie_10_2(n_samples=2000)
        model = keras.Sequential([keras.Input((10,)), keras.layers.Dense(1, activation="sigmoid")])
        model.compile(optimizer="adam", loss="binary_crossentropy")  # expect: ZL204
        model.fit(X, y)
        """,
    "sklearn make_blobs four centres into three units": """
        from sklearn.datasets import make_blobs
        import keras
        X, y = make_blobs(n_samples=300, centers=4, n_features=2)
        model = keras.Sequential(
            [
                keras.Input((2,)),
                keras.layers.Dense(3, activation="softmax"),  # expect: ZL203
            ]
        )
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
        model.fit(X, y)
        """,
    "sklearn load_iris as a frame with the target left in the features": """
        from sklearn.datasets import load_iris
        import keras
        df = load_iris(as_frame=True).frame
        y = df["target"]
        model = keras.Sequential([keras.Input((5,)), keras.layers.Dense(3, activation="softmax")])
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
        model.fit(df, y)  # expect: ZL401
        """,
    "sklearn make_moons one-hot with to_categorical, sparse loss": """
        from sklearn.datasets import make_moons
        import tensorflow as tf
        X, y = make_moons(n_samples=400, noise=0.2)
        y = tf.keras.utils.to_categorical(y)
        model = tf.keras.Sequential(
            [tf.keras.Input((2,)), tf.keras.layers.Dense(2, activation="softmax")]
        )
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")  # expect: ZL201
        model.fit(X, y)
        """,
    "sklearn LabelBinarizer over load_wine's three classes, sparse loss": """
        from sklearn.datasets import load_wine
        from sklearn.preprocessing import LabelBinarizer, StandardScaler
        from sklearn.model_selection import train_test_split
        import keras
        X, y = load_wine(return_X_y=True)
        Y = LabelBinarizer().fit_transform(y)
        X_train, X_test, Y_train, Y_test = train_test_split(X, Y)
        scaler = StandardScaler().fit(X_train)
        model = keras.Sequential([keras.Input((13,)), keras.layers.Dense(3, activation="softmax")])
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")  # expect: ZL201
        model.fit(scaler.transform(X_train), Y_train)
        """,
}


GOOD = {
    # -- tf.data -------------------------------------------------------------------------------
    "tf.data pipeline with a matching loss": """
        import numpy as np
        import tensorflow as tf
        (x_train, y_train), _ = tf.keras.datasets.mnist.load_data()
        train = (
            tf.data.Dataset.from_tensor_slices((x_train / 255.0, y_train))
            .shuffle(10000)
            .batch(64)
            .prefetch(tf.data.AUTOTUNE)
        )
        model = tf.keras.Sequential(
            [
                tf.keras.Input((28, 28)),
                tf.keras.layers.Flatten(),
                tf.keras.layers.Dense(10, activation="softmax"),
            ]
        )
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
        model.fit(train, epochs=2)
        """,
    "tf.data one-hot in a def map with a categorical loss, scaled in the map": """
        import keras
        import tensorflow as tf
        (x, y), _ = keras.datasets.cifar10.load_data()

        def prepare(image, label):
            image = tf.cast(image, tf.float32) / 255.0
            return image, tf.one_hot(tf.squeeze(label), 10)

        ds = tf.data.Dataset.from_tensor_slices((x, y)).map(prepare).batch(32)
        model = keras.Sequential(
            [
                keras.Input((32, 32, 3)),
                keras.layers.Conv2D(8, 3),
                keras.layers.Flatten(),
                keras.layers.Dense(10, activation="softmax"),
            ]
        )
        model.compile(optimizer="adam", loss="categorical_crossentropy")
        model.fit(ds)
        """,
    "tf.data a map the analysis cannot read makes the labels unknown": """
        import numpy as np
        import tensorflow as tf
        from helpers import encode
        x = np.random.rand(100, 4)
        y = np.random.randint(0, 3, 100)
        ds = tf.data.Dataset.from_tensor_slices((x, y)).map(encode).batch(10)
        wrapped = tf.data.Dataset.from_tensor_slices((x, y)).batch(10).map(
            lambda a, b: tf.py_function(encode, [a, b], [tf.float32, tf.float32])
        )
        model = tf.keras.Sequential(
            [tf.keras.Input((4,)), tf.keras.layers.Dense(3, activation="softmax")]
        )
        model.compile(optimizer="adam", loss="categorical_crossentropy")
        model.fit(ds)
        model.fit(wrapped)
        """,
    "tf.data unbatched elements, batches of batches: not judged": """
        import numpy as np
        import tensorflow as tf
        x = np.random.rand(100, 4)
        y = np.random.randint(0, 3, 100)
        single = tf.data.Dataset.from_tensor_slices((x, y))
        twice = single.batch(10).batch(2)
        model = tf.keras.Sequential(
            [tf.keras.Input((4,)), tf.keras.layers.Dense(3, activation="softmax")]
        )
        model.compile(optimizer="adam", loss="categorical_crossentropy")
        model.fit(single)
        model.fit(twice)
        """,
    "tf.data a model whose own train_step one-hot encodes the labels": """
        import numpy as np
        import tensorflow as tf
        import keras

        class Classifier(keras.Model):
            def __init__(self):
                super().__init__()
                self.hidden = keras.layers.Conv2D(4, 3)
                self.flat = keras.layers.Flatten()
                self.out = keras.layers.Dense(3, activation="softmax")

            def call(self, x):
                return self.out(self.flat(self.hidden(x)))

            def train_step(self, data):
                x, y = data
                x, y = x / 255.0, tf.one_hot(y, 3)
                with tf.GradientTape() as tape:
                    loss = self.compute_loss(y=y, y_pred=self(x, training=True))
                grads = tape.gradient(loss, self.trainable_variables)
                self.optimizer.apply_gradients(zip(grads, self.trainable_variables))
                return {"loss": loss}

        images = np.random.randint(0, 256, (100, 8, 8, 3)).astype("uint8")
        labels = np.random.randint(0, 3, 100)
        model = Classifier()
        model.compile(optimizer="adam", loss="categorical_crossentropy")
        model.fit(tf.data.Dataset.from_tensor_slices((images, labels)).batch(10))
        model.fit(images, labels)
        """,
    "tf.data padded batches of sequences with integer labels, sparse loss": """
        import numpy as np
        import tensorflow as tf
        tokens = np.random.randint(1, 500, (80, 20))
        labels = np.random.randint(0, 4, 80)
        ds = tf.data.Dataset.from_tensor_slices((tokens, labels)).padded_batch(16)
        model = tf.keras.Sequential(
            [
                tf.keras.Input((None,)),
                tf.keras.layers.Embedding(500, 8),
                tf.keras.layers.GlobalAveragePooling1D(),
                tf.keras.layers.Dense(4, activation="softmax"),
            ]
        )
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
        model.fit(ds)
        """,
    "tf.data preprocess_input in the map": """
        import keras
        import tensorflow as tf
        from keras.applications.mobilenet_v2 import preprocess_input
        train = keras.utils.image_dataset_from_directory("photos", image_size=(96, 96))
        train = train.map(lambda x, y: (preprocess_input(x), y))
        model = keras.Sequential(
            [
                keras.Input((96, 96, 3)),
                keras.layers.Conv2D(8, 3),
                keras.layers.GlobalAveragePooling2D(),
                keras.layers.Dense(4, activation="softmax"),
            ]
        )
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
        model.fit(train)
        """,
    # -- Keras directory loaders ---------------------------------------------------------------
    "directory image_dataset_from_directory followed by a Rescaling layer": """
        import keras
        from keras import layers
        train_ds, val_ds = keras.utils.image_dataset_from_directory(
            "PetImages", validation_split=0.2, subset="both", seed=1337, image_size=(180, 180)
        )
        model = keras.Sequential(
            [
                keras.Input((180, 180, 3)),
                layers.Rescaling(1.0 / 255),
                layers.Conv2D(32, 3, activation="relu"),
                layers.GlobalAveragePooling2D(),
                layers.Dense(2, activation="softmax"),
            ]
        )
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
        model.fit(train_ds, validation_data=val_ds, epochs=5)
        """,
    "directory categorical labels, divided in a map, categorical loss": """
        import tensorflow as tf
        ds = tf.keras.preprocessing.image_dataset_from_directory(
            "data", label_mode="categorical", image_size=(64, 64)
        )
        ds = ds.map(lambda images, labels: (images / 255.0, labels))
        model = tf.keras.Sequential(
            [
                tf.keras.Input((64, 64, 3)),
                tf.keras.layers.Conv2D(8, 3, activation="relu"),
                tf.keras.layers.Flatten(),
                tf.keras.layers.Dense(7, activation="softmax"),
            ]
        )
        model.compile(optimizer="adam", loss="categorical_crossentropy")
        model.fit(ds)
        """,
    "directory binary labels into one sigmoid unit": """
        import keras
        ds = keras.utils.image_dataset_from_directory("cats_vs_dogs", label_mode="binary")
        model = keras.Sequential(
            [
                keras.Input((256, 256, 3)),
                keras.layers.Rescaling(1 / 255),
                keras.layers.Conv2D(8, 3),
                keras.layers.Flatten(),
                keras.layers.Dense(1, activation="sigmoid"),
            ]
        )
        model.compile(optimizer="adam", loss="binary_crossentropy")
        model.fit(ds)
        """,
    "directory no labels, a GAN's custom training": """
        import keras
        images = keras.utils.image_dataset_from_directory("faces", label_mode=None)
        images = images.map(lambda x: x / 255.0)
        generator = keras.Sequential([keras.Input((128,)), keras.layers.Dense(64 * 64 * 3)])
        generator.compile(optimizer="adam", loss="mse")
        """,
    "directory text labels with a sparse loss": """
        import keras
        raw = keras.utils.text_dataset_from_directory("aclImdb/train", batch_size=32)
        vectorize = keras.layers.TextVectorization(max_tokens=2000, output_sequence_length=50)
        model = keras.Sequential(
            [
                keras.Input((1,), dtype="string"),
                vectorize,
                keras.layers.Embedding(2000, 16),
                keras.layers.GlobalAveragePooling1D(),
                keras.layers.Dense(2, activation="softmax"),
            ]
        )
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
        model.fit(raw, epochs=2)
        """,
    # -- ImageDataGenerator --------------------------------------------------------------------
    "ImageDataGenerator rescale=1/255 with the default categorical labels": """
        from tensorflow.keras.preprocessing.image import ImageDataGenerator
        from tensorflow import keras
        train = ImageDataGenerator(rescale=1 / 255, zoom_range=0.2).flow_from_directory(
            "train", target_size=(128, 128), batch_size=16
        )
        model = keras.Sequential(
            [
                keras.Input((128, 128, 3)),
                keras.layers.Conv2D(16, 3, activation="relu"),
                keras.layers.Flatten(),
                keras.layers.Dense(3, activation="softmax"),
            ]
        )
        model.compile(optimizer="adam", loss="categorical_crossentropy")
        model.fit(train, epochs=3)
        """,
    "ImageDataGenerator flow of arrays, rescaled, one-hot labels": """
        import numpy as np
        import tensorflow as tf
        (x, y), _ = tf.keras.datasets.cifar10.load_data()
        gen = tf.keras.preprocessing.image.ImageDataGenerator(rescale=1.0 / 255, zoom_range=0.1)
        model = tf.keras.Sequential(
            [
                tf.keras.Input((32, 32, 3)),
                tf.keras.layers.Conv2D(8, 3),
                tf.keras.layers.Flatten(),
                tf.keras.layers.Dense(10, activation="softmax"),
            ]
        )
        model.compile(optimizer="adam", loss="categorical_crossentropy")
        model.fit(gen.flow(x, tf.keras.utils.to_categorical(y, 10), batch_size=64))
        """,
    "ImageDataGenerator preprocess_input as its preprocessing function": """
        from tensorflow.keras.applications.resnet50 import preprocess_input
        from tensorflow.keras.preprocessing.image import ImageDataGenerator
        from tensorflow import keras
        flow = ImageDataGenerator(preprocessing_function=preprocess_input).flow_from_directory(
            "train", target_size=(224, 224), class_mode="sparse"
        )
        model = keras.Sequential(
            [
                keras.Input((224, 224, 3)),
                keras.layers.Conv2D(8, 3),
                keras.layers.GlobalAveragePooling2D(),
                keras.layers.Dense(5, activation="softmax"),
            ]
        )
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
        model.fit(flow)
        """,
    "ImageDataGenerator input class_mode for an autoencoder": """
        from tensorflow.keras.preprocessing.image import ImageDataGenerator
        from tensorflow import keras
        flow = ImageDataGenerator(rescale=1 / 255).flow_from_directory(
            "faces", target_size=(32, 32), class_mode="input"
        )
        inputs = keras.Input((32, 32, 3))
        code = keras.layers.Conv2D(8, 3, padding="same", activation="relu")(inputs)
        outputs = keras.layers.Conv2D(3, 3, padding="same", activation="sigmoid")(code)
        autoencoder = keras.Model(inputs, outputs)
        autoencoder.compile(optimizer="adam", loss="binary_crossentropy")
        autoencoder.fit(flow, epochs=2)
        """,
    # -- scikit-learn --------------------------------------------------------------------------
    "sklearn load_digits divided by 16": """
        from sklearn.datasets import load_digits
        from sklearn.model_selection import train_test_split
        import keras
        X, y = load_digits(return_X_y=True)
        X = X / 16.0
        X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2)
        model = keras.Sequential(
            [
                keras.Input((64,)),
                keras.layers.Dense(32, activation="relu"),
                keras.layers.Dense(10, activation="softmax"),
            ]
        )
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
        model.fit(X_train, y_train, validation_data=(X_test, y_test))
        """,
    "sklearn load_iris one-hot with to_categorical and a categorical loss": """
        from sklearn.datasets import load_iris
        from tensorflow import keras
        iris = load_iris()
        X, y = iris.data, keras.utils.to_categorical(iris.target)
        model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation="softmax")])
        model.compile(optimizer="adam", loss="categorical_crossentropy")
        model.fit(X, y)
        """,
    "sklearn breast cancer split first, scaler fit on the training part": """
        from sklearn.datasets import load_breast_cancer
        from sklearn.model_selection import train_test_split
        from sklearn.preprocessing import StandardScaler
        import keras
        X, y = load_breast_cancer(return_X_y=True)
        X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)
        scaler = StandardScaler().fit(X_train)
        X_train, X_test = scaler.transform(X_train), scaler.transform(X_test)
        model = keras.Sequential([keras.Input((30,)), keras.layers.Dense(1, activation="sigmoid")])
        model.compile(optimizer="adam", loss="binary_crossentropy")
        model.fit(X_train, y_train, validation_data=(X_test, y_test))
        """,
    "sklearn multi-label indicator matrix under sigmoid and binary cross-entropy": """
        from sklearn.datasets import make_multilabel_classification
        import keras
        X, Y = make_multilabel_classification(n_samples=200, n_features=10, n_classes=5)
        X = X / X.max()
        model = keras.Sequential([keras.Input((10,)), keras.layers.Dense(5, activation="sigmoid")])
        model.compile(optimizer="adam", loss="binary_crossentropy")
        model.fit(X, Y)
        """,
    "sklearn as_frame features without the target column": """
        from sklearn.datasets import load_wine
        import keras
        wine = load_wine(as_frame=True)
        X = wine.frame.drop(columns=["target"])
        y = wine.frame["target"]
        norm = keras.layers.Normalization()
        model = keras.Sequential([keras.Input((13,)), norm, keras.layers.Dense(3)])
        model.compile(
            optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True)
        )
        model.fit(X, y)
        """,
    "sklearn make_regression targets under MSE": """
        from sklearn.datasets import make_regression
        import tensorflow as tf
        X, y = make_regression(n_samples=300, n_features=8, noise=0.1)
        model = tf.keras.Sequential([tf.keras.Input((8,)), tf.keras.layers.Dense(1)])
        model.compile(optimizer="adam", loss="mse")
        model.fit(X, y)
        """,
}


@pytest.mark.parametrize("code", BAD.values(), ids=BAD.keys())
def test_bad_case_yields_exactly_its_markers(code: str):
    assert codes(code) == markers(code)


@pytest.mark.parametrize("code", GOOD.values(), ids=GOOD.keys())
def test_good_case_yields_nothing(code: str):
    assert codes(code) == []


def test_every_family_has_bad_and_good_cases():
    for family in FAMILIES:
        assert sum(name.startswith(family) for name in BAD) >= 4, family
        assert sum(name.startswith(family) for name in GOOD) >= 4, family


def test_messages_name_the_loader_its_mode_and_the_fix_in_the_pipeline():
    text = message(
        BAD[
            "directory image_dataset_from_directory default int labels, categorical loss, tf.keras"
        ],
        "ZL202",
    )
    assert 'image_dataset_from_directory(...) labels (label_mode="int", the default) at line 3' in (
        text
    )
    assert 'label_mode or class_mode="categorical"' in text and "tf.one_hot(y, 5)" in text
    text = message(
        BAD["ImageDataGenerator without rescale, flow_from_directory into Conv2D, tf.keras import"],
        "ZL302",
    )
    assert "augment.flow_from_directory(...) images at line 5" in text
    assert "rescale=1/255 in ImageDataGenerator" in text and "Conv2D(16) at line 9" in text
    text = message(BAD["sklearn load_breast_cancer unscaled into Dense"], "ZL301")
    assert "load_breast_cancer(return_X_y=True) X at line 4" in text
    assert 'column "worst area" spans 185..4254' in text
    text = message(
        BAD["sklearn load_digits Bunch attributes, ten classes into eight units"], "ZL203"
    )
    assert "skd.load_digits().target at line 4, values 0..9" in text
