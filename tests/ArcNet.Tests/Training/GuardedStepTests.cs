using ArcNet.Training;
using FluentAssertions;
using TorchSharp.Modules;
using Xunit;
using static TorchSharp.torch;

namespace ArcNet.Tests.Training;

public class GuardedStepTests
{
    [Fact]
    public void A_step_on_NaN_gradients_from_a_finite_loss_is_refused_and_the_weights_stay_as_they_were()
    {
        using var weight = new Parameter(tensor(new float[] { 1, 2, 3 }));
        using var optimizer = optim.Adam([weight], 0.1);
        // sqrt at 0 has an infinite slope; times the zero factor, the gradient is NaN while the loss is 0.
        using var loss = sqrt(weight * 0).sum();
        loss.item<float>().Should().Be(0);
        loss.backward();

        GuardedStep.TryTake(optimizer, [weight], learningRate: 0.1, clipNorm: null).Should().BeFalse();

        weight.data<float>().ToArray().Should().Equal(1, 2, 3);
    }

    [Fact]
    public void Gradients_are_rescaled_to_the_clip_norm_before_the_step_at_the_given_rate()
    {
        using var weight = new Parameter(zeros(4));
        using var optimizer = optim.SGD([weight], 123);
        using var loss = (weight * 10).sum();                                  // gradient 10 each, norm 20
        loss.backward();

        GuardedStep.TryTake(optimizer, [weight], learningRate: 1, clipNorm: 1).Should().BeTrue();

        // Clipped to norm 1: 0.5 each; one SGD step at rate 1 (not the 123 it was built with).
        weight.data<float>().ToArray().Should().AllSatisfy(w => w.Should().BeApproximately(-0.5f, 1e-5f));
    }
}
