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
/// character (cross-entropy, Adam, gradient clipping).
/// </summary>
public sealed class FullContextTrainer : IDisposable
{
    private readonly ArcComparator _comparator;
    private readonly ArcNetwork _network;
    private readonly FullContextArc _context;
    private readonly ImageSubset _train;
    private readonly FullContextTrainingOptions _options;
    private readonly Adam _optimizer;

    /// <summary>Prepares training; nothing runs until <see cref="Run"/>. The comparator is only read, never changed.</summary>
    /// <exception cref="ArgumentException">The comparator is not an ARC model, the context model does not fit it, or no alphabet has enough characters.</exception>
    public FullContextTrainer(ArcComparator comparator, FullContextArc context, ImageSubset train, FullContextTrainingOptions options)
    {
        _comparator = comparator ?? throw new ArgumentNullException(nameof(comparator));
        _context = context ?? throw new ArgumentNullException(nameof(context));
        _train = train ?? throw new ArgumentNullException(nameof(train));
        _options = (options ?? throw new ArgumentNullException(nameof(options))).Validate();
        _network = context.CheckCompatible(comparator);
        _ = new EpisodeSampler(train, _options.Ways, _options.Seed);   // fail now, not at the first step, when no alphabet is large enough
        _optimizer = optim.Adam(context.Network.parameters(), _options.LearningRate);
    }

    /// <summary>Steps done so far.</summary>
    public int Step { get; private set; }

    /// <summary>Trains until the step limit, the time budget or cancellation. Progress counts comparisons as pairs: trials x ways, and ways x ways per support set for the support context.</summary>
    /// <exception cref="InvalidOperationException">The loss or its gradients became NaN or infinite; the context model is left as it was before that step.</exception>
    public TrainingResult Run(IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var sampler = new EpisodeSampler(_train, _options.Ways, SeedStreams.Derive(_options.Seed, SeedStreams.Stream.Episodes, Step));
        var loop = new TrainingLoop(_options.MaxSteps, _options.TimeBudget);
        var network = _context.Network;
        network.train();
        var (_, stopReason) = loop.Run(Step, () => TrainStep(sampler), step => Step = step, progress, () => null, cancellationToken);
        network.eval();
        return new TrainingResult(Step, loop.Elapsed, null, stopReason) { Warnings = [.. loop.Retries], Pairs = loop.Pairs, Images = loop.Images };
    }

    private (double Loss, double Accuracy, int Pairs, int Images) TrainStep(EpisodeSampler sampler)
    {
        using var scope = NewDisposeScope();
        int trials = _options.TrialsPerBatch, ways = _options.Ways;
        // Trials share support sets, up to one per character of an episode, so each set's support context serves many.
        int sets = (trials + ways - 1) / ways;
        var support = new int[sets * ways];
        var queries = new int[trials];
        var setOf = new long[trials];
        var answers = new long[trials];
        for (int set = 0, trial = 0; set < sets; set++)
        {
            var (episodeSupport, episodeQueries) = sampler.Next();
            episodeSupport.CopyTo(support, set * ways);
            var characters = Enumerable.Range(0, ways).ToArray();
            for (int i = 0; i < ways && trial < trials; i++, trial++)
            {
                int pick = i + sampler.NextIndex(ways - i);                                  // characters without repeats
                (characters[i], characters[pick]) = (characters[pick], characters[i]);
                (answers[trial], queries[trial], setOf[trial]) = (characters[i], episodeQueries[characters[i]], set);
            }
        }

        var dataset = _train.Dataset;
        var device = _comparator.Device;
        var supportImages = dataset.Images(support, device, _comparator.PixelMean);
        // Pair p compares support p mod K of its trial's set with the query of trial p / K.
        var pair = arange(trials * ways, dtype: int64, device: device);
        var trialOfPair = pair.div(ways, rounding_mode: RoundingMode.floor);
        var trialSet = tensor(setOf, device: device);
        var relations = PairScores.Relations(_network, supportImages, dataset.Images(queries, device, _comparator.PixelMean),
            trialSet.index_select(0, trialOfPair) * ways + pair.remainder(ways), trialOfPair).view(trials, ways, -1);   // (T, K, H + 1)
        var supportLogits = _context.SupportContext ? FullContextArc.SupportLogits(_network, supportImages, sets).index_select(0, trialSet) : null;   // (T, K, K)
        var target = tensor(answers, device: device);

        _optimizer.zero_grad();
        var logits = _context.Logits(relations, supportLogits);                                                     // (T, K)
        var loss = nn.functional.cross_entropy(logits, target);
        double value = loss.item<float>();
        if (!double.IsFinite(value))
            throw Diverged($"the loss became {value}");
        loss.backward();
        if (!GuardedStep.TryTake(_optimizer, _context.Network.parameters(), _options.LearningRate, _options.GradientClipNorm))
            throw Diverged($"the loss was finite ({value:g4}) but its gradients were not");
        double accuracy = logits.argmax(1).eq(target).to(float32).mean().item<float>();
        int pairs = trials * ways + (_context.SupportContext ? sets * ways * ways : 0);
        return (value, accuracy, pairs, sets * ways + trials);
    }

    private InvalidOperationException Diverged(string cause) =>
        new($"Full Context training diverged at step {Step + 1}: {cause}. Lower the learning rate (now {_options.LearningRate:g3}).");

    /// <inheritdoc />
    public void Dispose() => _optimizer.Dispose();
}
