using ArcNet.Data;
using ArcNet.Modules;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ArcNet.Training;

/// <summary>
/// Trains an <see cref="ArcComparator"/> on same/different pairs: Adam on binary cross-entropy, batches half
/// same-character and half different characters of one alphabet, augmentation, periodic validation keeping the
/// best weights, and atomic checkpoints from which a stopped run resumes.
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
    private readonly ArcNetwork _best;
    private readonly Adam _optimizer;
    private readonly (Tensor First, Tensor Second, Tensor Target)[] _validation;
    private readonly TrainingCurves? _curves;
    private ValidationScore? _bestValidation;
    private ValidationScore? _lastValidation;
    private double? _lowestLoss;

    /// <summary>Prepares training; nothing runs until <see cref="Run"/>.</summary>
    /// <param name="comparator">The model to train, on the device training should use.</param>
    /// <param name="train">Images to sample training pairs from (for example drawers 1-16 of the background alphabets).</param>
    /// <param name="validation">Images to sample the fixed validation pairs from (for example drawers 17-20).</param>
    /// <param name="options">Batch, learning rate, limits and intervals.</param>
    /// <param name="checkpointPath">
    /// Where to write checkpoints; <c>null</c> for none. Beside it, the loss and accuracy curves are rewritten at each
    /// validation, with the checkpoint's extension replaced: <see cref="CurvesTablePath"/> and <see cref="CurvesPlotPath"/>.
    /// </param>
    /// <exception cref="ArgumentException">The images do not fit the model or cannot give pairs (or, for ConvARC-lite and the prototypical network, episodes), an option is out of range, or the checkpoint path is blank or a folder.</exception>
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
        if (comparator.Options.Architecture is ArcArchitecture.LightConv or ArcArchitecture.Prototypical)
            RequireEpisodes(train, _options, nameof(train));
        _comparator = comparator;
        _train = train;
        _checkpointPath = checkpointPath;
        _curves = checkpointPath is null ? null : new TrainingCurves(checkpointPath);
        comparator.PixelMean = train.Dataset.MeanPixel;
        comparator.Preprocessing = train.Dataset.Preprocessing;

        _best = new ArcNetwork(comparator.Options);
        _best.to(comparator.Device);
        CopyWeights(comparator.Network, _best);
        _optimizer = optim.Adam(comparator.Network.parameters(), _options.LearningRate, weight_decay: _options.WeightDecay);

        // Fixed pairs, so validation losses at different steps are comparable.
        var sampler = new PairSampler(validation, seed: SeedStreams.Derive(_options.Seed, SeedStreams.Stream.ValidationPairs), meanPixel: comparator.PixelMean);
        _validation = Enumerable.Range(0, _options.ValidationBatches).Select(_ => sampler.Sample(_options.BatchSize, comparator.Device)).ToArray();
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
        _bestValidation = state.Best;
        _lowestLoss = state.LowestLoss ?? state.Best?.Loss;
        _comparator.PixelMean = state.PixelMean;
        _curves?.Resume(Step);
        return true;
    }

    /// <summary>Trains until the step limit, the time budget or cancellation, then leaves the best weights in the comparator.</summary>
    /// <exception cref="InvalidOperationException">The loss became NaN or infinite; the last checkpoint is left as it was.</exception>
    public TrainingResult Run(IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var network = _comparator.Network;
        manual_seed(SeedStreams.Derive(_options.Seed, SeedStreams.Stream.Dropout, Step));
        var loop = new TrainingLoop(_options.MaxSteps, _options.TimeBudget);
        int startStep = Step;
        var stages = TrainingStages.Of(_comparator.Options, _options);
        TrainingStages.Stage? stage = null;
        ITrainingObjective? objective = null;
        FeatureCache? cache = null;

        network.train();
        try
        {
            var (_, stopReason) = loop.Run(Step, () =>
            {
                double progressed = loop.Progress(Step);
                var current = stages.At(progressed);
                if (current != stage)
                {
                    stage = current;
                    cache?.Dispose();
                    (objective, cache) = Objective(stage);
                    // Earlier stages train parts of the model; only whole models of the last stage count as the best.
                    if (stage.IsLast && stages.Count > 1)
                        (_bestValidation, _lowestLoss) = (null, null);
                }
                loop.Stage = stage.Name;
                loop.LearningRate = _options.LearningRate * stage.Schedule(_options.Schedule, progressed);
                return TrainStep(objective!, loop.LearningRate);
            }, step =>
            {
                Step = step;
                if (Step % _options.ValidateEvery == 0)
                    Validate(loop.Loss, loop.Accuracy);
                if (Step % _options.CheckpointEvery == 0)
                    WriteCheckpoint();
            }, progress, () => _lastValidation, cancellationToken);

            if (_lastValidation?.Step != Step && Step > startStep)
                Validate(loop.Loss, loop.Accuracy);
            WriteCheckpoint();
            if (_bestValidation is not null)
                CopyWeights(_best, network);
            network.eval();
            return new TrainingResult(Step, loop.Elapsed, _bestValidation, stopReason) { Warnings = Warnings(), Pairs = loop.Pairs, Images = loop.Images };
        }
        finally
        {
            cache?.Dispose();
        }
    }

    private string[] Warnings() => _bestValidation is { AtChance: true } best
        ? [$"The best validation (step {best.Step}) is at chance: loss {best.Loss:0.000} (log 2 = 0.693), accuracy {best.Accuracy:P1}. " +
           $"The model did not learn to compare; lower the learning rate (now {_options.LearningRate:g3}), train longer, or use the default recipe."]
        : [];

    /// <summary>
    /// The objective of a stage, on fresh random streams per (seed, starting step): a resumed run continues with new
    /// batches, not a replay. Dropout draws from TorchSharp's global generator, which <see cref="Run"/> reseeds likewise,
    /// so the same command gives the same model in a new process. A frozen-trunk stage also returns its feature cache.
    /// </summary>
    private (ITrainingObjective Objective, FeatureCache? Cache) Objective(TrainingStages.Stage stage)
    {
        var device = _comparator.Device;
        var network = _comparator.Network;
        double mean = _comparator.PixelMean;
        var augmentation = new PairAugmentation(mean, _options.AugmentationStrength, seed: SeedStreams.Derive(_options.Seed, SeedStreams.Stream.Augmentation, Step));
        int samplingSeed = SeedStreams.Derive(_options.Seed, SeedStreams.Stream.Pairs, Step);
        if (_comparator.Options.Architecture is ArcArchitecture.Plain or ArcArchitecture.Conv)
            return (new PairObjective(new PairSampler(_train, samplingSeed, meanPixel: mean), augmentation, _options.BatchSize, device), null);

        var episodes = GroupedEpisodeSampler.Fitted(_train, _options.EpisodeGroups, _options.EpisodeGroupSize, samplingSeed, _options.QueriesPerCharacter);
        if (stage.Kind != TrainingStages.Kind.FrozenTrunk)
        {
            (Encoding, Encoding) FromImages(int[] support, int[] queries)
            {
                var images = _train.Dataset.Images([.. support, .. queries], device, mean);      // (N + N Q, C, A, A)
                // A character's drawings share their flips: a flipped character is a new character.
                if (augmentation.Strength > 0)
                {
                    int perCharacter = queries.Length / support.Length;
                    images = augmentation.ApplyGrouped(images, [.. Enumerable.Range(0, support.Length), .. Enumerable.Range(0, queries.Length).Select(q => q / perCharacter)],
                        quarterTurns: _options.QuarterTurns);
                }
                var all = network.Encode(images);
                return (all.Slice(0, support.Length), all.Slice(support.Length, support.Length + queries.Length));
            }
            return (new EpisodeObjective(episodes, FromImages, stage.Losses, device), null);
        }

        var cache = new FeatureCache(network, _train, mean, augmentation, _options.CachedViews, device,
            seed: SeedStreams.Derive(_options.Seed, SeedStreams.Stream.Augmentation, Step));
        (Encoding, Encoding) FromCache(int[] support, int[] queries)
        {
            var (a, b) = cache.Episode(support, queries);
            return (network.Attended(a), network.Attended(b));
        }
        return (new EpisodeObjective(episodes, FromCache, stage.Losses, device, cached: true), cache);
    }

    private (double Loss, double Accuracy, int Pairs, int Images) TrainStep(ITrainingObjective objective, double learningRate)
    {
        using var scope = NewDisposeScope();
        // Gradients to none, not zero: Adam moves a parameter whose gradient is zero on its moments, so a frozen trunk
        // would drift away from its cached features.
        _comparator.Network.zero_grad(set_to_none: true);
        var (loss, accuracy) = objective.Next(_comparator.Network);
        double value = loss.item<float>();
        if (!double.IsFinite(value))
            throw new InvalidOperationException(
                $"Training diverged at step {Step + 1}: the loss became {value}. Lower the learning rate (now {_options.LearningRate:g3}) " +
                "or resume from the last checkpoint, which was left as it was.");
        loss.backward();
        if (_options.GradientClipNorm is double maxNorm)
            nn.utils.clip_grad_norm_(_comparator.Network.parameters(), maxNorm);
        foreach (var group in _optimizer.ParamGroups)
            group.LearningRate = learningRate;
        _optimizer.step();
        return (value, accuracy, objective.PairsPerStep, objective.ImagesPerStep);
    }

    /// <summary>
    /// Scores the validation pairs, keeps the weights when they are the best so far, and records both with the recent
    /// training averages in the curves. A validation within one standard error of the lowest loss so far counts as a tie,
    /// and a tie goes to the later weights: they have had more of the schedule's decay, and a difference the validation
    /// pairs cannot resolve is no reason to throw that away (on the default recipe's seed 3, weights kept for a loss
    /// 0.0001 lower scored 71.3 % on the held-out alphabets, the last ones 74.2 %).
    /// </summary>
    private void Validate(double trainLoss, double trainAccuracy)
    {
        var network = _comparator.Network;
        var (loss, accuracy, standardError) = Score(network);
        network.train();

        _lowestLoss = Math.Min(_lowestLoss ?? double.PositiveInfinity, loss);
        bool isBest = _bestValidation is null || loss <= _lowestLoss + standardError;
        _lastValidation = new ValidationScore(Step, loss, accuracy, isBest) { LossStandardError = standardError };
        _curves?.Add(new TrainingCurvePoint(Step, trainLoss, trainAccuracy, loss, accuracy));
        if (isBest)
        {
            _bestValidation = _lastValidation;
            CopyWeights(network, _best);
        }
    }

    /// <summary>
    /// Mean loss, its standard error over the pairs, and accuracy of <paramref name="network"/> (left in eval mode) on
    /// the fixed validation pairs: what validation reports, and what tests recompute for a saved model.
    /// </summary>
    internal (double Loss, double Accuracy, double StandardError) Score(ArcNetwork network)
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
        var all = cat(losses, 0).to(float64);                                                    // (pairs)
        double loss = all.mean().item<double>();
        double standardError = all.numel() > 1 ? all.std().item<double>() / Math.Sqrt(all.numel()) : 0;
        return (loss, cat(correct, 0).to(float64).mean().item<double>(), standardError);
    }

    /// <summary>The lowest validation loss so far, which the kept weights' loss ties or equals; a checkpoint holds it.</summary>
    internal double? LowestValidationLoss => _lowestLoss;

    /// <summary>The best weights so far: with the comparator's and <see cref="Optimizer"/>'s state, what a checkpoint holds.</summary>
    internal ArcNetwork BestWeights => _best;

    /// <summary>Adam, whose moments a checkpoint holds.</summary>
    internal Adam Optimizer => _optimizer;

    private void WriteCheckpoint()
    {
        if (_checkpointPath is null)
            return;
        var state = new TrainingCheckpoint.State(_comparator.Options, _comparator.PixelMean, Step, _bestValidation, _lowestLoss);
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

    private static void RequireEpisodes(ImageSubset images, TrainingOptions options, string parameterName)
    {
        try
        {
            _ = GroupedEpisodeSampler.Fitted(images, options.EpisodeGroups, options.EpisodeGroupSize, seed: 0, options.QueriesPerCharacter);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"'{parameterName}' cannot give the training episodes: {e.Message}", parameterName, e);
        }
    }

    internal static void CopyWeights(nn.Module from, nn.Module to)
    {
        using var noGrad = no_grad();
        var target = to.state_dict();
        foreach (var (name, tensor) in from.state_dict())
            target[name].copy_(tensor);
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
