using ArcNet.Data;
using ArcNet.OneShot;
using static TorchSharp.torch;

namespace ArcNet.OneShot;

/// <summary>
/// Scores one-shot classifiers with the standard protocols: random N-way episodes within one group (alphabet), and Lake's
/// official 20 runs. The two give different numbers; do not mix them.
/// </summary>
public static class OneShotEvaluator
{
    /// <summary>
    /// Random <paramref name="ways"/>-way one-shot episodes, each inside one group of <paramref name="heldOut"/>
    /// (Omniglot's alphabet; without groups, across all classes): per episode, <paramref name="ways"/> classes of one
    /// group, one support image of each and another image of each as its query. Seeded, so the same seed draws the same
    /// episodes.
    /// </summary>
    /// <exception cref="ArgumentException">No group in <paramref name="heldOut"/> has <paramref name="ways"/> classes with two images each.</exception>
    public static OneShotEvaluation WithinGroupEpisodes(
        OneShotClassifier classifier, ImageSubset heldOut, int ways, int episodes, int seed = 0, IProgress<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        return WithinGroupEpisodes(Predictor(classifier), classifier.Comparator.Device, classifier.Comparator.PixelMean, heldOut, ways, episodes, seed, progress);
    }

    /// <summary>Lake's official one-shot runs: each query goes to the support image the classifier ranks first.</summary>
    /// <param name="classifier">The classifier to score.</param>
    /// <param name="runs">The runs, loaded for the classifier's comparator (<see cref="Data.LakeRuns.Load"/>).</param>
    /// <param name="progress">Receives the number of runs done.</param>
    /// <exception cref="ArgumentException">The runs were loaded for a comparator that prepares images otherwise.</exception>
    public static OneShotEvaluation LakeRuns(OneShotClassifier classifier, LakeRuns runs, IProgress<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(runs);
        if (runs.Preparation != classifier.Comparator.Preparation)
            throw new ArgumentException("The runs were loaded for a comparator that prepares images otherwise; load them with LakeRuns.Load(folder, classifier.Comparator).", nameof(runs));
        return LakeRuns(Predictor(classifier), classifier.Comparator.Device, runs, progress);
    }

    /// <summary>Episodes scored by <paramref name="predict"/>: (queries, support) to the index of the chosen support per query.</summary>
    internal static OneShotEvaluation WithinGroupEpisodes(
        Func<Tensor, Tensor, int[]> predict, Device device, double meanPixel, ImageSubset heldOut, int ways, int episodes, int seed, IProgress<int>? progress)
    {
        ArgumentNullException.ThrowIfNull(heldOut);
        ArgumentOutOfRangeException.ThrowIfLessThan(ways, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(episodes, 1);

        var sampler = new EpisodeSampler(heldOut, ways, seed);
        var trials = new List<TrialResult>(episodes);
        for (int episode = 0; episode < episodes; episode++)
        {
            var (support, queries) = sampler.Next();
            using var scope = NewDisposeScope();
            // Query c shows the episode's c-th character, whose support image is support[c].
            var predictions = predict(heldOut.Dataset.Images(queries, device, meanPixel), heldOut.Dataset.Images(support, device, meanPixel));
            trials.Add(new TrialResult($"episode {episode + 1}", queries.Length, predictions.Where((predicted, query) => predicted == query).Count()));
            progress?.Report(episode + 1);
        }
        return Summarise(ways, trials);
    }

    /// <summary>Lake's runs scored by <paramref name="predict"/>.</summary>
    internal static OneShotEvaluation LakeRuns(Func<Tensor, Tensor, int[]> predict, Device device, LakeRuns runs, IProgress<int>? progress)
    {
        ArgumentNullException.ThrowIfNull(runs);
        if (runs.Runs.Count == 0)
            throw new ArgumentException("The runs folder holds no runs.", nameof(runs));
        var trials = new List<TrialResult>();
        int ways = 0;
        foreach (var run in runs.Runs)
        {
            ways = (int)run.Support.shape[0];
            using var scope = NewDisposeScope();
            var predictions = predict(run.Queries.to(device), run.Support.to(device));
            int correct = predictions.Where((predicted, query) => predicted == run.CorrectSupport[query]).Count();
            trials.Add(new TrialResult(run.Name, predictions.Length, correct));
            progress?.Report(trials.Count);
        }
        return Summarise(ways, trials);
    }

    /// <summary>The classifier as a predictor: index of the predicted support image for each query.</summary>
    private static Func<Tensor, Tensor, int[]> Predictor(OneShotClassifier classifier) => (queries, support) =>
    {
        var labels = Enumerable.Range(0, (int)support.shape[0]).ToArray();
        return classifier.Classify(queries, support, labels).Select(p => p.Label).ToArray();
    };

    private static OneShotEvaluation Summarise(int ways, List<TrialResult> trials)
    {
        int queries = trials.Sum(t => t.Queries);
        int correct = trials.Sum(t => t.Correct);
        return new OneShotEvaluation(ways, trials.Count, queries, correct, Statistics.ConfidenceHalfWidth(trials.Select(t => 1 - t.Error).ToArray()), trials);
    }
}
