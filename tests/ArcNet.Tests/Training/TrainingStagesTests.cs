using ArcNet.Training;
using FluentAssertions;
using Xunit;
using Kind = ArcNet.Training.TrainingStages.Kind;

namespace ArcNet.Tests.Training;

public class TrainingStagesTests
{
    private static readonly ArcOptions Lite = ArcOptions.LightConvArc;
    private static readonly TrainingOptions Budget = new() { MaxSteps = 100 };

    private static (Kind Kind, double Start, double End, bool IsLast) Span(TrainingStages.Stage stage) => (stage.Kind, stage.Start, stage.End, stage.IsLast);

    [Fact]
    public void Pretraining_and_frozen_shares_give_trunk_then_controller_then_joint_stages_the_last_one_joint()
    {
        var stages = TrainingStages.Of(Lite, Budget with { TrunkPretraining = 0.25, FrozenTrunkTraining = 0.25 });

        stages.Count.Should().Be(3);
        Span(stages.At(0)).Should().Be((Kind.TrunkPretraining, 0, 0.25, false));
        Span(stages.At(0.25)).Should().Be((Kind.FrozenTrunk, 0.25, 0.5, false));
        Span(stages.At(0.5)).Should().Be((Kind.Joint, 0.5, 1, true));
        stages.At(1).Should().BeSameAs(stages.At(0.5));
        stages.At(0).Losses.Should().Be(EpisodeLosses.Prototypical, "the trunk trains alone, on the prototypical loss");
        new[] { 0, 0.25, 0.5 }.Select(p => stages.At(p).Name).Should().Equal("trunk", "controller", "all");
    }

    [Fact]
    public void A_frozen_trunk_share_that_reaches_the_end_of_the_budget_is_the_last_stage()
    {
        var stages = TrainingStages.Of(Lite, Budget with { TrunkPretraining = 0.5, FrozenTrunkTraining = 0.5 });

        stages.Count.Should().Be(2);
        Span(stages.At(0.75)).Should().Be((Kind.FrozenTrunk, 0.5, 1, true));
    }

    [Fact]
    public void Without_shares_convarc_lite_trains_everything_in_one_stage()
    {
        var stages = TrainingStages.Of(Lite, Budget);

        stages.Count.Should().Be(1);
        Span(stages.At(0)).Should().Be((Kind.Joint, 0, 1, true));
    }

    [Theory]
    [InlineData(ArcArchitecture.Plain)]
    [InlineData(ArcArchitecture.Conv)]
    [InlineData(ArcArchitecture.Prototypical)]
    public void Architectures_without_a_trunk_to_pretrain_apart_train_in_one_stage_whatever_the_shares(ArcArchitecture architecture)
    {
        var stages = TrainingStages.Of(new ArcOptions { Architecture = architecture }, Budget with { TrunkPretraining = 0.25, FrozenTrunkTraining = 0.25 });

        stages.Count.Should().Be(1);
        Span(stages.At(0.5)).Should().Be((Kind.Joint, 0, 1, true));
    }

    [Fact]
    public void A_prototypical_network_trains_on_the_prototypical_loss()
    {
        TrainingStages.Of(ArcOptions.Prototypical, Budget).At(0).Losses.Should().HaveFlag(EpisodeLosses.Prototypical);
    }

    [Fact]
    public void Each_stage_runs_the_schedule_over_its_own_share_of_the_budget()
    {
        var controller = TrainingStages.Of(Lite, Budget with { TrunkPretraining = 0.25, FrozenTrunkTraining = 0.25 }).At(0.25);
        double At(double progress) => controller.Schedule(LearningRateSchedule.WarmupCosine, progress);

        At(0.25).Should().BeApproximately(0.1, 1e-12, "the stage starts its own warm-up");
        At(0.375).Should().BeApproximately(LearningRateFactor.At(LearningRateSchedule.WarmupCosine, 0.5), 1e-12, "half-way through the stage is half-way through its schedule");
        At(0.5).Should().BeApproximately(0.02, 1e-12, "the stage ends its schedule where it ends");
    }
}
