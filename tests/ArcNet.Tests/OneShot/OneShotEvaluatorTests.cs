using ArcNet.Data;
using ArcNet.OneShot;
using ArcNet.Tests.Data;
using FluentAssertions;
using Xunit;
using static TorchSharp.torch;

namespace ArcNet.Tests.OneShot;

[Collection(OmniglotCollection.Name)]
public sealed class OneShotEvaluatorTests(OmniglotTestData data) : IDisposable
{
    private readonly string _root = OmniglotTestData.TempFolder();

    public void Dispose() => Directory.Delete(_root, recursive: true);

    // Five Greek characters; each run's queries are exact copies of their correct support images, in shuffled order.
    private static readonly string[] Characters =
        ["Greek/character01/0394_01.png", "Greek/character02/0395_01.png", "Greek/character03/0396_01.png", "Greek/character04/0397_01.png", "Greek/character05/0398_01.png"];

    private void WriteRun(string run, int[] answers) =>
        OmniglotTestData.WriteLakeRun(_root, run, Characters, answers.Select(c => Characters[c]).ToArray(), answers);

    /// <summary>A "model" whose answers are known: the support image with the same pixels as the query.</summary>
    private static int[] PixelMatch(Tensor queries, Tensor support) =>
        Enumerable.Range(0, (int)queries.shape[0])
            .Select(q => (int)(support - queries[q]).abs().flatten(1).sum(1).argmin().item<long>())
            .ToArray();

    [Fact]
    public void Lakes_format_is_scored_against_its_class_labels()
    {
        WriteRun("run01", [3, 0, 4, 1, 2]);
        WriteRun("run02", [1, 1, 0, 2, 4]);
        using var comparator = new ArcComparator(TinyModels.Plain) { PixelMean = data.Union.MeanPixel, Preprocessing = data.Union.Preprocessing };
        using var runs = LakeRuns.Load(_root, comparator);

        var perfect = OneShotEvaluator.LakeRuns(PixelMatch, CPU, runs, null);
        var alwaysFirst = OneShotEvaluator.LakeRuns((q, s) => new int[q.shape[0]], CPU, runs, null);

        perfect.Accuracy.Should().Be(1.0);
        perfect.Queries.Should().Be(10);
        perfect.Runs.Select(r => r.Name).Should().Equal("run01", "run02");
        // Always answering class01 is right exactly where the label says class01: once in run01, once in run02.
        alwaysFirst.Runs.Select(r => r.Correct).Should().Equal(1, 1);
        alwaysFirst.Runs.Select(r => r.Error).Should().Equal(0.8, 0.8);
        alwaysFirst.Error.Should().BeApproximately(0.8, 1e-12);
        alwaysFirst.Ways.Should().Be(5);
    }

    [Fact]
    public void Runs_loaded_for_a_comparator_that_reads_images_otherwise_are_refused_by_name()
    {
        WriteRun("run01", [3, 0, 4, 1, 2]);
        using var loadedFor = new ArcComparator(TinyModels.Plain) { PixelMean = data.Union.MeanPixel, Preprocessing = data.Union.Preprocessing };
        using var other = new ArcComparator(TinyModels.Plain) { PixelMean = 0, Preprocessing = data.Union.Preprocessing };
        using var runs = LakeRuns.Load(_root, loadedFor);

        var score = () => OneShotEvaluator.LakeRuns(new OneShotClassifier(other), runs);

        score.Should().Throw<ArgumentException>().WithParameterName("runs").WithMessage("*LakeRuns.Load(folder, classifier.Comparator)*");
    }

    [Fact]
    public void Episodes_count_a_query_right_when_it_picks_its_own_characters_support()
    {
        const int ways = 5;
        var right = OneShotEvaluator.WithinGroupEpisodes((q, s) => Enumerable.Range(0, ways).ToArray(), CPU, data.Union.MeanPixel, data.Union.All, ways, 8, 0, null);
        var wrong = OneShotEvaluator.WithinGroupEpisodes((q, s) => Enumerable.Range(0, ways).Select(c => (c + 1) % ways).ToArray(), CPU, data.Union.MeanPixel, data.Union.All, ways, 8, 0, null);

        right.Accuracy.Should().Be(1);
        right.ConfidenceHalfWidth.Should().Be(0);
        right.Trials.Should().Be(8);
        right.Queries.Should().Be(40);
        wrong.Accuracy.Should().Be(0);
        right.Chance.Should().Be(0.2);
    }

    [Fact]
    public void Episode_images_reach_the_predictor_as_query_and_support_batches_of_the_episode_size()
    {
        var shapes = new List<(long[] Queries, long[] Support)>();
        OneShotEvaluator.WithinGroupEpisodes((q, s) => { shapes.Add((q.shape, s.shape)); return new int[q.shape[0]]; },
            CPU, data.Union.MeanPixel, data.Union.All, 20, 3, 0, null);

        shapes.Should().HaveCount(3).And.AllSatisfy(p =>
        {
            p.Queries.Should().Equal(20, 1, 32, 32);
            p.Support.Should().Equal(20, 1, 32, 32);
        });
    }

    [Fact]
    public void Too_many_ways_for_every_group_is_explained()
    {
        var evaluate = () => OneShotEvaluator.WithinGroupEpisodes((q, s) => new int[q.shape[0]], CPU, 0, data.Union.All, 48, 1, 0, null);

        evaluate.Should().Throw<ArgumentException>().WithMessage("*No group in the data has 48 classes*lower the number of ways*");
    }
}
