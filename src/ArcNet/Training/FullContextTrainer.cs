using ArcNet.Data;
using ArcNet.Modules;
using ArcNet.OneShot;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ArcNet.Training;

/// <summary>
/// Trains a <see cref="FullContextArc"/> on a frozen comparator from within-alphabet N-way trials: each trial is
/// one support drawing of N characters of one alphabet and a query drawing of one of them (trials of a step share
/// support sets, a query per character at most); the context model learns to put the softmax mass on the query's
/// character (cross-entropy, Adam, gradient clipping). It validates on a fixed set of trials drawn once from other
/// images, before the first step, every <see cref="FullContextTrainingOptions.ValidateEvery"/> steps and after the last,
/// and keeps the weights that validated best.
/// </summary>
/// <remarks>
/// The comparator never changes, so what it makes of the validation trials is computed once, when the trainer is made;
/// a validation then runs only the context model. The context correction (ArcNet's default form) starts as the naive
/// method, so its first validation is the naive method's score on the same trials.
/// </remarks>
public sealed class FullContextTrainer : IDisposable
{
    private readonly ArcComparator _comparator;
    private readonly ArcNetwork _network;
    private readonly FullContextArc _context;
    private readonly ImageSubset _train;
    private readonly FullContextTrainingOptions _options;
    private readonly Adam _optimizer;
    private readonly FullContextHead _best;
    private readonly BestWeights _kept;
    private readonly Trials _validation;
    private readonly List<ValidationScore> _validations = [];

    /// <summary>Prepares training and draws the validation trials; no training runs until <see cref="Run"/>. The comparator is only read, never changed.</summary>
    /// <param name="comparator">The trained ARC comparator, frozen.</param>
    /// <param name="context">The context model to train, on the comparator's device.</param>
    /// <param name="train">Images to draw training trials from (for example drawers 1-16 of the background alphabets).</param>
    /// <param name="validation">Images to draw the fixed validation trials from (for example drawers 17-20).</param>
    /// <param name="options">Ways, trials, learning rate, limits and validation.</param>
    /// <exception cref="ArgumentException">The comparator is not an ARC model, the context model does not fit it, the images do not fit the comparator, or no alphabet of the training or validation images has enough characters.</exception>
    public FullContextTrainer(ArcComparator comparator, FullContextArc context, ImageSubset train, ImageSubset validation, FullContextTrainingOptions options)
    {
        _comparator = comparator ?? throw new ArgumentNullException(nameof(comparator));
        _context = context ?? throw new ArgumentNullException(nameof(context));
        _train = train ?? throw new ArgumentNullException(nameof(train));
        ArgumentNullException.ThrowIfNull(validation);
        _options = (options ?? throw new ArgumentNullException(nameof(options))).Validate();
        _network = context.CheckCompatible(comparator);
        train.Dataset.CheckFits(comparator.Options, nameof(train));
        validation.Dataset.CheckFits(comparator.Options, nameof(validation));
        _ = Sampler(train, _options.Seed, nameof(train));   // fail now, not at the first step, when no alphabet is large enough
        _validation = DrawValidation(Sampler(validation, SeedStreams.Derive(_options.Seed, SeedStreams.Stream.ValidationPairs), nameof(validation)));
        _best = context.Network.Fresh();
        _best.to(context.Device);
        _kept = new BestWeights(context.Network, _best);
        _optimizer = optim.Adam(context.Network.parameters(), _options.LearningRate);
    }

    /// <summary>Steps done so far.</summary>
    public int Step { get; private set; }

    /// <summary>Every validation so far, the first made before any training: where the context model started, and what it kept.</summary>
    public IReadOnlyList<ValidationScore> Validations => _validations;

    /// <summary>
    /// Trains until the step limit, the time budget or cancellation, then leaves the best-validated weights in the context
    /// model. Progress counts comparisons as pairs: trials x ways, and ways x ways per support set for the support context.
    /// </summary>
    /// <exception cref="InvalidOperationException">The loss or its gradients became NaN or infinite; the context model is left as it was before that step.</exception>
    public TrainingResult Run(IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var sampler = new EpisodeSampler(_train, _options.Ways, SeedStreams.Derive(_options.Seed, SeedStreams.Stream.Episodes, Step));
        var loop = new TrainingLoop(_options.MaxSteps, _options.TimeBudget) { LearningRate = _options.LearningRate };
        var network = _context.Network;
        if (_kept.Latest is null)
            Validate(loop);
        network.train();
        var (_, stopReason) = loop.Run(Step, () => TrainStep(sampler), step =>
        {
            Step = step;
            if (Step % _options.ValidateEvery == 0)
                Validate(loop);
        }, progress, () => _kept.Latest, cancellationToken);
        if (_kept.Latest?.Step != Step)
            Validate(loop);
        _kept.Restore();
        network.eval();
        return new TrainingResult(Step, loop.Elapsed, _kept.Best, stopReason) { Warnings = [.. loop.Retries], Pairs = loop.Pairs, Images = loop.Images };
    }

    private (double Loss, double Accuracy, int Pairs, int Images) TrainStep(EpisodeSampler sampler)
    {
        using var scope = NewDisposeScope();
        var trials = Draw(sampler, _options.TrialsPerBatch);
        var logits = _context.Logits(trials.Relations, trials.SupportLogits);                                        // (T, K)
        var loss = nn.functional.cross_entropy(logits, trials.Answers);
        double value = GuardedStep.Take(loss, _context.Network, _optimizer, _options.LearningRate, _options.GradientClipNorm, Diverged);
        double accuracy = logits.argmax(1).eq(trials.Answers).to(float32).mean().item<float>();
        return (value, accuracy, trials.Pairs, trials.Images);
    }

    /// <summary>Scores the validation trials and keeps the weights when they are the best so far (<see cref="BestWeights"/>).</summary>
    private void Validate(TrainingLoop loop)
    {
        var (loss, accuracy, standardError) = loop.Retried($"The validation at step {Step}", Score);
        _context.Network.train();
        _validations.Add(_kept.Offer(Step, loss, accuracy, standardError));
    }

    /// <summary>Mean cross-entropy of the validation trials, its standard error, and the share of trials answered right (the context model left in eval mode).</summary>
    private (double Loss, double Accuracy, double StandardError) Score()
    {
        _context.Network.eval();
        using var scope = NewDisposeScope();
        using var inference = inference_mode();
        var logits = _context.Logits(_validation.Relations, _validation.SupportLogits);                             // (T, K)
        var losses = nn.functional.cross_entropy(logits, _validation.Answers, reduction: nn.Reduction.None);         // (T)
        return ValidationScore.Summarize(losses, logits.argmax(1).eq(_validation.Answers));
    }

    /// <summary>The validation trials, drawn in batches of a training step's size (which bounds the memory of encoding them) and kept.</summary>
    private Trials DrawValidation(EpisodeSampler sampler)
    {
        using var scope = NewDisposeScope();
        var batches = new List<Trials>();
        for (int left = _options.ValidationTrials; left > 0; left -= _options.TrialsPerBatch)
            batches.Add(Draw(sampler, Math.Min(left, _options.TrialsPerBatch)));
        var all = new Trials(
            cat(batches.Select(b => b.Relations).ToList(), 0),
            cat(batches.Select(b => b.SupportLogits).ToList(), 0),
            cat(batches.Select(b => b.Answers).ToList(), 0),
            batches.Sum(b => b.Pairs), batches.Sum(b => b.Images));
        all.Relations.DetachFromDisposeScope();
        all.SupportLogits.DetachFromDisposeScope();
        all.Answers.DetachFromDisposeScope();
        return all;
    }

    /// <summary>
    /// <paramref name="count"/> trials and what the comparator makes of them. Trials share support sets, up to one per
    /// character of an episode, so each set's support context serves many.
    /// </summary>
    private Trials Draw(EpisodeSampler sampler, int count)
    {
        int ways = _options.Ways;
        int sets = (count + ways - 1) / ways;
        var support = new int[sets * ways];
        var queries = new int[count];
        var setOf = new long[count];
        var answers = new long[count];
        for (int set = 0, trial = 0; set < sets; set++)
        {
            var (episodeSupport, episodeQueries) = sampler.Next();
            episodeSupport.CopyTo(support, set * ways);
            var characters = Enumerable.Range(0, ways).ToArray();
            for (int i = 0; i < ways && trial < count; i++, trial++)
            {
                int pick = i + sampler.NextIndex(ways - i);                                  // characters without repeats
                (characters[i], characters[pick]) = (characters[pick], characters[i]);
                (answers[trial], queries[trial], setOf[trial]) = (characters[i], episodeQueries[characters[i]], set);
            }
        }

        var dataset = sampler.Dataset;
        var device = _comparator.Device;
        var supportImages = dataset.Images(support, device, _comparator.PixelMean);
        // Pair p compares support p mod K of its trial's set with the query of trial p / K.
        var pair = arange(count * ways, dtype: int64, device: device);
        var trialOfPair = pair.div(ways, rounding_mode: RoundingMode.floor);
        var trialSet = tensor(setOf, device: device);
        var relations = PairScores.Relations(_network, supportImages, dataset.Images(queries, device, _comparator.PixelMean),
            trialSet.index_select(0, trialOfPair) * ways + pair.remainder(ways), trialOfPair).view(count, ways, -1);  // (T, K, H + 1)
        var supportLogits = FullContextArc.SupportLogits(_network, supportImages, sets).index_select(0, trialSet);   // (T, K, K)
        int pairs = count * ways + sets * ways * ways;
        return new Trials(relations, supportLogits, tensor(answers, device: device), pairs, sets * ways + count);
    }

    private EpisodeSampler Sampler(ImageSubset images, int seed, string parameterName)
    {
        try
        {
            return new EpisodeSampler(images, _options.Ways, seed);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"'{parameterName}' cannot give the trials: {e.Message}", parameterName, e);
        }
    }

    private InvalidOperationException Diverged(string cause, string? hint) =>
        new($"Full Context training diverged at step {Step + 1}: {cause}. Lower the learning rate (now {_options.LearningRate:g3})." + (hint is null ? "" : " " + hint));

    /// <inheritdoc />
    public void Dispose()
    {
        _optimizer.Dispose();
        _best.Dispose();
        _validation.Dispose();
    }

    /// <summary>
    /// Trials and what the frozen comparator makes of them: relations (T, K, H + 1) of every (support, query) pair, its
    /// logits among each trial's supports (T, K, K), and the index of each trial's right support (T).
    /// </summary>
    private sealed record Trials(Tensor Relations, Tensor SupportLogits, Tensor Answers, int Pairs, int Images) : IDisposable
    {
        public void Dispose()
        {
            Relations.Dispose();
            SupportLogits.Dispose();
            Answers.Dispose();
        }
    }
}
