using ArcNet.Training;
using FluentAssertions;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace ArcNet.Tests.Training;

public sealed class BestWeightsTests
{
    [Fact]
    public void A_validation_within_one_standard_error_of_the_lowest_ties_and_the_later_weights_win()
    {
        using var live = nn.Linear(2, 1);
        using var kept = nn.Linear(2, 1);
        var best = new BestWeights(live, kept);

        SetWeights(live, 1);
        best.Offer(step: 10, loss: 0.50, accuracy: 0.8, standardError: 0.02).IsBest.Should().BeTrue("the first validation is the best so far");
        SetWeights(live, 2);
        best.Offer(step: 20, loss: 0.51, accuracy: 0.8, standardError: 0.02).IsBest.Should().BeTrue("0.51 is within one standard error of 0.50");

        best.Best!.Step.Should().Be(20);
        best.LowestLoss.Should().Be(0.50);
        kept.weight!.allclose(full(1, 2, 2f)).Should().BeTrue("the later of two tied weights is kept");
    }

    [Fact]
    public void A_worse_validation_is_not_kept_and_restore_puts_the_kept_weights_back()
    {
        using var live = nn.Linear(2, 1);
        using var kept = nn.Linear(2, 1);
        var best = new BestWeights(live, kept);
        SetWeights(live, 1);
        best.Offer(step: 10, loss: 0.50, accuracy: 0.8, standardError: 0.02);

        SetWeights(live, 2);
        var worse = best.Offer(step: 20, loss: 0.60, accuracy: 0.7, standardError: 0.02);
        best.Restore();

        worse.IsBest.Should().BeFalse();
        best.Latest.Should().BeSameAs(worse);
        best.Best!.Step.Should().Be(10);
        live.weight!.allclose(full(1, 2, 1f)).Should().BeTrue("the run ends with the weights of its best validation");
    }

    [Fact]
    public void Without_a_validation_restore_leaves_the_live_weights_alone()
    {
        using var live = nn.Linear(2, 1);
        using var kept = nn.Linear(2, 1);
        SetWeights(live, 3);

        new BestWeights(live, kept).Restore();

        live.weight!.allclose(full(1, 2, 3f)).Should().BeTrue();
    }

    private static void SetWeights(nn.Module<Tensor, Tensor> module, float value)
    {
        using var noGrad = no_grad();
        foreach (var parameter in module.parameters())
            parameter.fill_(value);
    }
}
