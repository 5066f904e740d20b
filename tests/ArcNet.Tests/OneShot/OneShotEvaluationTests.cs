using ArcNet.OneShot;
using FluentAssertions;
using Xunit;

namespace ArcNet.Tests.OneShot;

public sealed class OneShotEvaluationTests
{
    private static OneShotEvaluation Evaluation(params (int Queries, int Correct)[] trials)
    {
        var runs = trials.Select((t, i) => new TrialResult($"episode {i + 1}", t.Queries, t.Correct)).ToArray();
        return new OneShotEvaluation(20, runs.Length, runs.Sum(r => r.Queries), runs.Sum(r => r.Correct), 0, runs);
    }

    [Fact]
    public void The_difference_from_a_baseline_on_the_same_episodes_has_a_paired_interval()
    {
        var method = Evaluation((20, 16), (20, 12), (20, 18), (20, 10));
        var baseline = Evaluation((20, 15), (20, 11), (20, 16), (20, 10));

        var difference = method.DifferenceFrom(baseline);

        // Per-episode gains 0.05, 0.05, 0.10, 0: mean 0.05, sample sd 0.0408, 1.96 sd / sqrt 4 = 0.0400.
        difference.Difference.Should().BeApproximately(0.05, 1e-12);
        difference.ConfidenceHalfWidth.Should().BeApproximately(1.96 * Math.Sqrt(0.005 / 3) / 2, 1e-12);
        difference.Trials.Should().Be(4);
        difference.IsSignificant.Should().BeTrue();
        baseline.DifferenceFrom(method).Difference.Should().BeApproximately(-0.05, 1e-12);
    }

    [Fact]
    public void A_baseline_of_other_episodes_is_refused()
    {
        var method = Evaluation((20, 16), (20, 12));

        var fewer = () => method.DifferenceFrom(Evaluation((20, 16)));
        var otherSizes = () => method.DifferenceFrom(Evaluation((20, 16), (10, 5)));

        fewer.Should().Throw<ArgumentException>().WithMessage("*same episodes*");
        otherSizes.Should().Throw<ArgumentException>().WithMessage("*same episodes*");
    }
}
