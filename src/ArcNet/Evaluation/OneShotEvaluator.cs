using ArcNet.Data;
using ArcNet.OneShot;
using static TorchSharp.torch;

namespace ArcNet.Evaluation;

/// <summary>
/// Scores one-shot classifiers with the standard protocols: random N-way episodes within one alphabet, and Lake's
/// official 20 runs. The two give different numbers; do not mix them.
/// </summary>
public static class OneShotEvaluator
{
    /// <summary>
    /// Random <paramref name="ways"/>-way one-shot episodes, each inside one alphabet of <paramref name="heldOut"/>:
    /// per episode, <paramref name="ways"/> characters of one alphabet, one support drawing of each and one query
    /// drawing of each by a different drawer. Seeded, so the same seed draws the same episodes.
    /// </summary>
    /// <exception cref="ArgumentException">No alphabet in <paramref name="heldOut"/> has <paramref name="ways"/> characters with two drawings each.</exception>
    public static OneShotEvaluation WithinAlphabetEpisodes(
        OneShotClassifier classifier, OmniglotSubset heldOut, int ways, int episodes, int seed = 0, IProgress<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(heldOut);
        ArgumentOutOfRangeException.ThrowIfLessThan(ways, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(episodes, 1);

        var sampler = new EpisodeSampler(heldOut, ways, seed);
        var answers = Enumerable.Range(0, ways).ToArray();
        var trials = new List<TrialResult>(episodes);
        for (int episode = 0; episode < episodes; episode++)
        {
            var (support, queries) = sampler.Next();
            trials.Add(Score(classifier, $"episode {episode + 1}", heldOut.Dataset, support, queries, answers));
            progress?.Report(episode + 1);
        }
        return Summarise(ways, trials);
    }

    /// <summary>Lake's official one-shot runs: each query goes to the most similar of its run's support images.</summary>
    public static OneShotEvaluation LakeRuns(OneShotClassifier classifier, LakeRuns runs, IProgress<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(runs);
        var trials = new List<TrialResult>();
        int ways = 0;
        foreach (var run in runs.Runs)
        {
            ways = (int)run.Support.shape[0];
            using var scope = NewDisposeScope();
            var predictions = Predict(classifier, run.Queries.to(classifier.Comparator.Device), run.Support.to(classifier.Comparator.Device));
            int correct = predictions.Where((predicted, query) => predicted == run.CorrectSupport[query]).Count();
            trials.Add(new TrialResult(run.Name, predictions.Length, correct));
            progress?.Report(trials.Count);
        }
        return Summarise(ways, trials);
    }

    private static TrialResult Score(OneShotClassifier classifier, string name, OmniglotDataset dataset, int[] support, int[] queries, int[] answers)
    {
        using var scope = NewDisposeScope();
        var device = classifier.Comparator.Device;
        double mean = classifier.Comparator.PixelMean;
        var predictions = Predict(classifier, dataset.Images(queries, device, mean), dataset.Images(support, device, mean));
        return new TrialResult(name, queries.Length, predictions.Where((predicted, query) => predicted == answers[query]).Count());
    }

    /// <summary>Index of the predicted support image for each query.</summary>
    private static int[] Predict(OneShotClassifier classifier, Tensor queries, Tensor support)
    {
        var labels = Enumerable.Range(0, (int)support.shape[0]).ToArray();
        return classifier.Classify(queries, support, labels).Select(p => p.Label).ToArray();
    }

    private static OneShotEvaluation Summarise(int ways, List<TrialResult> trials)
    {
        int queries = trials.Sum(t => t.Queries);
        int correct = trials.Sum(t => t.Correct);
        var accuracies = trials.Select(t => 1 - t.Error).ToArray();
        double mean = accuracies.Average();
        double variance = accuracies.Length > 1 ? accuracies.Sum(a => (a - mean) * (a - mean)) / (accuracies.Length - 1) : 0;
        double halfWidth = 1.96 * Math.Sqrt(variance / accuracies.Length);
        return new OneShotEvaluation(ways, trials.Count, queries, correct, halfWidth, trials);
    }
}
