using ArcNet.Data;
using ArcNet.OneShot;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ArcNet.Training;

/// <summary>
/// Trains a <see cref="FullContextArc"/> on a frozen comparator from within-alphabet N-way trials: each trial is
/// one support drawing of N characters of one alphabet and a query drawing of one of them; the context model
/// learns to put the softmax mass on the query's character (cross-entropy, Adam, gradient clipping).
/// </summary>
public sealed class FullContextTrainer : IDisposable
{
    private readonly ArcComparator _comparator;
    private readonly FullContextArc _context;
    private readonly ImageSubset _train;
    private readonly FullContextTrainingOptions _options;
    private readonly Adam _optimizer;

    /// <summary>Prepares training; nothing runs until <see cref="Run"/>. The comparator is only read, never changed.</summary>
    /// <exception cref="ArgumentException">The context model does not fit the comparator, or no alphabet has enough characters.</exception>
    public FullContextTrainer(ArcComparator comparator, FullContextArc context, ImageSubset train, FullContextTrainingOptions options)
    {
        _comparator = comparator ?? throw new ArgumentNullException(nameof(comparator));
        _context = context ?? throw new ArgumentNullException(nameof(context));
        _train = train ?? throw new ArgumentNullException(nameof(train));
        _options = (options ?? throw new ArgumentNullException(nameof(options))).Validate();
        context.CheckCompatible(comparator);
        _ = new EpisodeSampler(train, _options.Ways, _options.Seed);   // fail now, not at the first step, when no alphabet is large enough
        _optimizer = optim.Adam(context.Network.parameters(), _options.LearningRate);
    }

    /// <summary>Steps done so far.</summary>
    public int Step { get; private set; }

    /// <summary>Trains until the step limit, the time budget or cancellation. Progress counts comparisons (trials x ways) as pairs.</summary>
    /// <exception cref="InvalidOperationException">The loss became NaN or infinite.</exception>
    public TrainingResult Run(IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var sampler = new EpisodeSampler(_train, _options.Ways, SeedStreams.Derive(_options.Seed, SeedStreams.Stream.Episodes, Step));
        var loop = new TrainingLoop(_options.MaxSteps, _options.TimeBudget);
        var network = _context.Network;
        network.train();
        var (_, stopReason) = loop.Run(Step, () => TrainStep(sampler), step => Step = step, progress, () => null, cancellationToken);
        network.eval();
        return new TrainingResult(Step, loop.Elapsed, null, stopReason) { Pairs = loop.Pairs, Images = loop.Images };
    }

    private (double Loss, double Accuracy, int Pairs, int Images) TrainStep(EpisodeSampler sampler)
    {
        using var scope = NewDisposeScope();
        int trials = _options.TrialsPerBatch, ways = _options.Ways;
        var support = new int[trials * ways];
        var queries = new int[trials * ways];
        var answers = new long[trials];
        for (int t = 0; t < trials; t++)
        {
            var (episodeSupport, episodeQueries) = sampler.Next();
            answers[t] = sampler.NextIndex(ways);
            episodeSupport.CopyTo(support, t * ways);
            Array.Fill(queries, episodeQueries[answers[t]], t * ways, ways);
        }

        var dataset = _train.Dataset;
        var device = _comparator.Device;
        // Each trial's query once; pair p compares support p with the query of trial p / K.
        var trialQueries = Enumerable.Range(0, trials).Select(t => queries[t * ways]).ToArray();
        var pair = arange(trials * ways, dtype: int64, device: device);
        var relations = _comparator.Relations(
            dataset.Images(support, device, _comparator.PixelMean), dataset.Images(trialQueries, device, _comparator.PixelMean),
            pair, pair.div(ways, rounding_mode: RoundingMode.floor)).view(trials, ways, -1);                 // (T, K, H + 1)
        var target = tensor(answers, device: device);

        _optimizer.zero_grad();
        var logits = _context.Network.call(_context.Input(relations));                                     // (T, K)
        var loss = nn.functional.cross_entropy(logits, target);
        double value = loss.item<float>();
        if (!double.IsFinite(value))
            throw new InvalidOperationException($"Full Context training diverged at step {Step + 1}: the loss became {value}. Lower the learning rate (now {_options.LearningRate:g3}).");
        loss.backward();
        nn.utils.clip_grad_norm_(_context.Network.parameters(), _options.GradientClipNorm);
        _optimizer.step();
        double accuracy = logits.argmax(1).eq(target).to(float32).mean().item<float>();
        return (value, accuracy, trials * ways, trials * (ways + 1));
    }

    /// <inheritdoc />
    public void Dispose() => _optimizer.Dispose();
}
