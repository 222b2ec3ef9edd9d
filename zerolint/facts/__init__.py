"""The Keras program model: what a script builds, compiles and fits, and where its data comes from.

Rules ask questions of these facts instead of walking the syntax tree. Everything is
extracted once per file, by one abstract interpretation of the module
(``zerolint.facts.interpreter``), and what cannot be resolved is UNKNOWN (or None).

The API rules use, starting from the ``Program`` each rule receives:

``program.facts.models`` — ``Model``: ``kind`` ("sequential", "functional",
    "subclassed"), ``layers`` (Sequential, in order), ``heads`` (one ``Head`` per output, or
    None when the model is not fully known).
``Head`` — an output: ``unit_layer`` (the ``Layer`` that sets its width), ``units`` (int or
    None), ``activations`` ((name, layer) pairs in the order applied), ``activation`` (the
    last one; "linear" means logits), ``name``.
``Layer`` — ``kind`` (Keras class name, None if not identified), ``node``, ``arg(name)``
    (an argument by keyword or position, as an abstract value), ``units``, ``activation``.
``model.output_shapes(data_dims)`` / ``fit.output_shapes`` — each output's static ``Shape``
    (``zerolint.facts.shapes``: ``dims`` batch first, None per unknown axis; ``axes_layer``,
    the layer that made the axes before the last), one small rule per layer kind;
    ``model.input_dims()`` — the input shape the model declares.
    ``zerolint.facts.loss_shapes.pair(loss, output, labels)`` — what Keras 3 does with labels
    of a shape on an output of a shape under a loss: "fits", "raises" or "broadcasts".
``program.facts.compiles`` — ``Compile``: ``model``, ``heads`` (the model's outputs when
    compile ran), ``loss`` (abstract value; see ``program.trained_heads()`` for the loss
    attached to each output as a ``LossSpec``), ``optimizer`` (``Optimizer``: ``name``,
    ``learning_rate``, ``explicit``), ``metrics``.
``program.facts.fits`` — ``Fit``: ``method`` (``fit``, ``train_on_batch``,
    ``fit_generator``, or ``evaluate``/``predict``, which score: ``trains`` tells),
    ``model``, ``compile`` (the compile before it), ``x``, ``y`` (abstract data values as
    written, see ``zerolint.facts.data``),
    ``inputs``, ``labels`` (what the model is trained on, whichever source: arrays, a
    ``tf.data`` pipeline, a Keras loader or generator — ask these, never a loader by name),
    ``from_dataset``, ``validation_data``, ``validation_split``, ``keywords``, ``heads`` and
    ``output_shapes`` (the outputs as this call trains them).
``program.facts.data_events`` — ``DataEvent``s in program order (scaler/encoder ``fit``,
    ``transform``, ``Normalization.adapt``, ``train_test_split``), for ordering questions.
Data values (``zerolint.facts.data``): ``Array`` (``shape``, ``dtype``, ``low``/``high``,
    ``distinct``, ``one_hot``, ``n_classes``, ``scaling``/``scaled``, ``columns``, ``origin``
    and ``node`` for messages), ``Frame`` (a DataFrame: ``columns``, ``dropped``,
    ``contains(name)``), ``Estimator`` (sklearn objects and what they were fit on), and the
    helpers ``as_array``, ``fits_before_split``, ``same_values``, ``column_holding``;
    ``Dataset`` (a stream of batches), ``Record`` (a ``Bunch``), ``Augmenter``. Where each
    data source's values come from: ``zerolint.facts.data_sources`` (one table of loaders).
``program.facts.op_calls`` — ``OpCall(op, loss)``: every TensorFlow/Keras/numpy op the file
    applies to tensors (``Op(name, args, node)``, arguments as abstract values, through
    names), with the custom loss it runs in; ``program.facts.custom_losses`` —
    ``CustomLoss``: the file's functions used as a loss or metric, whose ``y_pred``
    parameter is a ``LossInput``; ``zerolint.facts.tensors.value_range`` tells whether a
    value can be exactly 0. ``program.facts.optimizers`` — every ``Optimizer`` built;
    ``program.facts.optimizer_uses`` — ``OptimizerUse``: each ``compile`` or
    ``apply_gradients``/``minimize`` step, and whether it trains a model's weights.
``program.trained_heads()`` — ``TrainedHead(compile, head, loss, loss_node)`` for every
    output whose loss is known: the question most loss rules ask.
``program.where(node)`` / ``program.span(node)`` — how a message cites a place.

Resolution covers every import spelling of Keras (``tf.keras``, ``keras``, ``tf_keras``,
``from ... import``, aliases, star imports), constants and simple arithmetic, builder
functions called with arguments, subclassed models (``__init__`` + ``call``), ``self.x``
attributes of plain classes, and loops over literal ranges and lists.
"""
