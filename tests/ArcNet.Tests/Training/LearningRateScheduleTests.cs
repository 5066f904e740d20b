using ArcNet.Training;
using FluentAssertions;
using Xunit;

namespace ArcNet.Tests.Training;

public class LearningRateScheduleTests
{
    [Fact]
    public void A_constant_schedule_keeps_the_base_rate_throughout()
    {
        foreach (double progress in new[] { 0, 0.01, 0.5, 1 })
            LearningRateFactor.At(LearningRateSchedule.Constant, progress).Should().Be(1);
    }

    [Fact]
    public void Warmup_cosine_starts_at_a_tenth_peaks_after_the_warmup_halves_in_the_middle_and_ends_small()
    {
        double At(double progress) => LearningRateFactor.At(LearningRateSchedule.WarmupCosine, progress);

        At(0).Should().BeApproximately(0.1, 1e-12, "the warm-up starts at a tenth of the rate");
        At(LearningRateFactor.WarmupFraction / 2).Should().BeApproximately(0.55, 1e-12, "the warm-up is linear");
        At(LearningRateFactor.WarmupFraction).Should().BeApproximately(1, 1e-12, "the full rate is reached when the warm-up ends");
        At((1 + LearningRateFactor.WarmupFraction) / 2).Should().BeApproximately(0.51, 1e-12, "half-way through the decay the cosine is at its mid-point, (1 + 0.02) / 2");
        At(1).Should().BeApproximately(0.02, 1e-12, "the budget ends at 2 % of the rate");
    }

    [Fact]
    public void Warmup_cosine_never_rises_after_the_warmup()
    {
        double previous = double.MaxValue;
        for (double progress = LearningRateFactor.WarmupFraction; progress <= 1; progress += 0.01)
        {
            double factor = LearningRateFactor.At(LearningRateSchedule.WarmupCosine, progress);
            factor.Should().BeLessThanOrEqualTo(previous);
            previous = factor;
        }
    }

    [Fact]
    public void Progress_beyond_the_budget_is_held_at_its_end()
    {
        LearningRateFactor.At(LearningRateSchedule.WarmupCosine, 1.5).Should().Be(LearningRateFactor.At(LearningRateSchedule.WarmupCosine, 1));
        LearningRateFactor.At(LearningRateSchedule.WarmupCosine, -1).Should().Be(LearningRateFactor.At(LearningRateSchedule.WarmupCosine, 0));
    }
}
