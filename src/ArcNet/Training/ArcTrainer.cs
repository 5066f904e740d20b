using ArcNet.Data;
using ArcNet.Modules;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ArcNet.Training;

/// <summary>
/// Trains an <see cref="ArcComparator"/>: Adam on the loss its model learns by (plain ARC and ConvARC: same/different
/// pairs; ConvARC-lite and the prototypical network: grouped episodes), the learning-rate schedule over the budget,
/// gradient clipping, periodic validation on fixed same/different pairs keeping the best weights, training curves, and
/// atomic checkpoints from which a stopped run resumes.
/// </summary>
/// <remarks>
/// When <see cref="Run"/> returns, the comparator holds the weights with the best validation loss, its
/// <see cref="ArcComparator.PixelMean"/> is the training data's mean pixel and its
/// <see cref="ArcComparator.Preprocessing"/> the training data's.
/// </remarks>
public sealed class ArcTrainer : IDisposable
{
    private readonly ArcComparator _comparator;
    private readonly ImageSubset _train;
    private readonly TrainingOptions _options;
    private readonly string? _checkpointPath;
    private readonly ComparatorNetwork _best;
    private readonly BestWeights _kept;
    private readonly Adam _optimizer;
    private readonly (Tensor First, Tensor Second, Tensor Target)[] _validation;
    private readonly TrainingCurves? _curves;

    /// <summary>Prepares training; nothing runs until <see cref="Run"/>.</summary>
    /// <param name="comparator">The model to train, on the device training should use.</param>
    /// <param name="train">Images to sample training pairs from (for example drawers 1-16 of the background alphabets).</param>
    /// <param name="validation">Images to sample the fixed validation pairs from (for example drawers 17-20).</param>
    /// <param name="options">Batch, learning rate, limits and intervals.</param>
    /// <param name="checkpointPath">
    /// Where to write checkpoints; <c>null</c> for none. Beside it, the loss and accuracy curves are rewritten at each
    /// validation, with the checkpoint's extension replaced: <see cref="CurvesTablePath"/> and <see cref="CurvesPlotPath"/>.
    /// </param>
    /// <exception cref="ArgumentException">The images do not fit the model or cannot give pairs (or, for the models that train on episodes, episodes), an option is out of range, or the checkpoint path is blank or a folder.</exception>
    public ArcTrainer(ArcComparator comparator, ImageSubset train, ImageSubset validation, TrainingOptions options, string? checkpointPath = null)
    {
        ArgumentNullException.ThrowIfNull(comparator);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(validation);
        _options = (options ?? throw new ArgumentNullException(nameof(options))).Validate();
        if (checkpointPath is not null && (string.IsNullOrWhiteSpace(checkpointPath) || Directory.Exists(checkpointPath)))
            throw new ArgumentException($"The checkpoint path '{checkpointPath}' is {(Directory.Exists(checkpointPath) ? "a folder" : "blank")}; give a file path, or null for no checkpoints.", nameof(checkpointPath));
        train.Dataset.CheckFits(comparator.Options, nameof(train));
        validation.Dataset.CheckFits(comparator.Options, nameof(validation));
        // Fail here rather than at the first step of Run: both views must yield same and different pairs.
        RequirePairs(train, nameof(train));
        RequirePairs(validation, nameof(validation));
        RequireBatches(comparator, train, _options, nameof(train));
        _comparator = comparator;
        _train = train;
        _checkpointPath = checkpointPath;
        _curves = checkpointPath is null ? null : new TrainingCurves(checkpointPath);
        comparator.PixelMean = train.Dataset.MeanPixel;
        comparator.Preprocessing = train.Dataset.Preprocessing;

        _best = comparator.Options.CreateNetwork();
        _best.to(comparator.Device);
        BestWeights.Copy(comparator.Network, _best);
        _kept = new BestWeights(comparator.Network, _best);
        _optimizer = optim.Adam(comparator.Network.parameters(), _options.LearningRate, weight_decay: _options.WeightDecay);

        // Fixed pairs, so validation losses at different steps are comparable. The trainer owns them (Dispose frees them):
        // a dispose scope around its construction must not take them.
        var sampler = new PairSampler(validation, seed: SeedStreams.Derive(_options.Seed, SeedStreams.Stream.ValidationPairs), meanPixel: comparator.PixelMean);
        _validation = Enumerable.Range(0, _options.ValidationBatches).Select(_ => sampler.Sample(_options.BatchSize, comparator.Device)).ToArray();
        foreach (var (first, second, target) in _validation)
        {
            first.DetachFromDisposeScope();
            second.DetachFromDisposeScope();
            target.DetachFromDisposeScope();
        }
    }

    /// <summary>
    /// The CSV table of the training curves (columns step, train_loss, train_accuracy, validation_loss,
    /// validation_accuracy; one row per validation), or <c>null</c> without a checkpoint path. A resumed run appends to it.
    /// </summary>
    public string? CurvesTablePath => _curves?.CsvPath;

    /// <summary>The PNG plot of the training curves, or <c>null</c> without a checkpoint path.</summary>
    public string? CurvesPlotPath => _curves?.PlotPath;

    /// <summary>Steps done so far, counting those before a resume.</summary>
    public int Step { get; private set; }

    /// <summary>
    /// Continues from the checkpoint at the checkpoint path, if one exists: weights, best weights, Adam's state and
    /// the step counter. Returns whether it resumed.
    /// </summary>
    /// <exception cref="InvalidDataException">The checkpoint is corrupt, truncated or for a different model, or the curves table is not one ArcNet wrote.</exception>
    public bool TryResume()
    {
        if (_checkpointPath is null || !File.Exists(_checkpointPath))
            return false;
        var state = TrainingCheckpoint.Read(_checkpointPath, _comparator.Options, _comparator.Network, _best, _optimizer);
        Step = state.Step;
        _kept.Resume(state.Best, state.LowestLoss);
        _comparator.PixelMean = state.PixelMean;
        _curves?.Resume(Step);
        return true;
    }

    /// <summary>Trains until the step limit, the time budget or cancellation, then leaves the best weights in the comparator.</summary>
    /// <exception cref="InvalidOperationException">The loss or its gradients became NaN or infinite; the weights of that step and the last checkpoint are left as they were.</exception>
    public TrainingResult Run(IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var network = _comparator.Network;
        // Dropout draws from TorchSharp's global generator, reseeded per (seed, start step) like the objective's streams.
        manual_seed(SeedStreams.Derive(_options.Seed, SeedStreams.Stream.Dropout, Step));
        var objective = network.Objective(new ObjectiveSetup(_train, _options, _comparator.PixelMean, _comparator.Device, Step));
        var loop = new TrainingLoop(_options.MaxSteps, _options.TimeBudget);
        int startStep = Step;

        network.train();
        var (_, stopReason) = loop.Run(Step, () =>
        {
            loop.LearningRate = _options.LearningRate * LearningRateFactor.At(_options.Schedule, loop.Progress(Step));
            return TrainStep(objective, loop.LearningRate);
        }, step =>
        {
            Step = step;
            if (Step % _options.ValidateEvery == 0)
                Validate(loop);
            if (Step % _options.CheckpointEvery == 0)
                WriteCheckpoint();
        }, progress, () => _kept.Latest, cancellationToken);

        if (_kept.Latest?.Step != Step && Step > startStep)
            Validate(loop);
        WriteCheckpoint();
        _kept.Restore();
        network.eval();
        return new TrainingResult(Step, loop.Elapsed, _kept.Best, stopReason) { Warnings = [.. Warnings(), .. loop.Retries], Pairs = loop.Pairs, Images = loop.Images };
    }

    private string[] Warnings() => _kept.Best is { AtChance: true } best
        ? [$"The best validation (step {best.Step}) is at chance: loss {best.Loss:0.000} (log 2 = 0.693), accuracy {best.Accuracy:P1}. " +
           $"The model did not learn to compare; lower the learning rate (now {_options.LearningRate:g3}), train longer, or use the default recipe."]
        : [];

    private (double Loss, double Accuracy, int Pairs, int Images) TrainStep(ITrainingObjective objective, double learningRate)
    {
        using var scope = NewDisposeScope();
        var (loss, accuracy) = objective.Next();
        double value = GuardedStep.Take(loss, _comparator.Network, _optimizer, learningRate, _options.GradientClipNorm, Diverged, GuardedStep.NarrowConvolutionHint);
        return (value, accuracy, objective.PairsPerStep, objective.ImagesPerStep);
    }

    private InvalidOperationException Diverged(string cause, string? hint) => new(
        $"Training diverged at step {Step + 1}: {cause}. Lower the learning rate (now {_options.LearningRate:g3}) " +
        "or resume from the last checkpoint, which was left as it was." + (hint is null ? "" : " " + hint));

    /// <summary>Scores the validation pairs, keeps the weights when they are the best so far (<see cref="BestWeights"/>), and records both with the recent training averages in the curves.</summary>
    private void Validate(TrainingLoop loop)
    {
        var network = _comparator.Network;
        var (loss, accuracy, standardError) = loop.Retried($"The validation at step {Step}", () => Score(network));
        network.train();
        _kept.Offer(Step, loss, accuracy, standardError);
        _curves?.Add(new TrainingCurvePoint(Step, loop.Loss, loop.Accuracy, loss, accuracy));
    }

    /// <summary>
    /// Mean loss, its standard error over the pairs, and accuracy of <paramref name="network"/> (left in eval mode) on
    /// the fixed validation pairs: what validation reports, and what tests recompute for a saved model.
    /// </summary>
    internal (double Loss, double Accuracy, double StandardError) Score(ComparatorNetwork network)
    {
        network.eval();
        using var scope = NewDisposeScope();
        var losses = new List<Tensor>();
        var correct = new List<Tensor>();
        using (inference_mode())
        {
            foreach (var (first, second, target) in _validation)
            {
                var logits = network.call(first, second);
                losses.Add(nn.functional.binary_cross_entropy_with_logits(logits, target, reduction: nn.Reduction.None));
                correct.Add(logits.gt(0).eq(target.gt(0.5)));
            }
        }
        return ValidationScore.Summarize(cat(losses, 0), cat(correct, 0));                      // over all pairs
    }

    /// <summary>The lowest validation loss so far, which the kept weights' loss ties or equals; a checkpoint holds it.</summary>
    internal double? LowestValidationLoss => _kept.LowestLoss;

    /// <summary>The best weights so far: with the comparator's and <see cref="Optimizer"/>'s state, what a checkpoint holds.</summary>
    internal ComparatorNetwork KeptWeights => _best;

    /// <summary>Adam, whose moments a checkpoint holds.</summary>
    internal Adam Optimizer => _optimizer;

    private void WriteCheckpoint()
    {
        if (_checkpointPath is null)
            return;
        var state = new TrainingCheckpoint.State(_comparator.Options, _comparator.PixelMean, Step, _kept.Best, _kept.LowestLoss);
        TrainingCheckpoint.Write(_checkpointPath, state, _comparator.Network, _best, _optimizer);
    }

    private static void RequirePairs(ImageSubset images, string parameterName)
    {
        try
        {
            _ = new PairSampler(images, seed: 0);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"'{parameterName}' cannot give same and different pairs: {e.Message} Give a view with several classes of one group, each with several images.", parameterName, e);
        }
    }

    /// <summary>Fails now, rather than at the first step of <see cref="Run"/>, when the model cannot draw its training batches from the data.</summary>
    private static void RequireBatches(ArcComparator comparator, ImageSubset train, TrainingOptions options, string parameterName)
    {
        try
        {
            _ = comparator.Network.Objective(new ObjectiveSetup(train, options, train.Dataset.MeanPixel, comparator.Device, StartStep: 0));
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"'{parameterName}' cannot give the training episodes: {e.Message}", parameterName, e);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _optimizer.Dispose();
        _best.Dispose();
        foreach (var (first, second, target) in _validation)
        {
            first.Dispose();
            second.Dispose();
            target.Dispose();
        }
    }
}
