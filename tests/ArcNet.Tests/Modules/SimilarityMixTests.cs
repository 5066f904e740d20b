using ArcNet.Modules;
using FluentAssertions;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace ArcNet.Tests.Modules;

public class SimilarityMixTests
{
    private const double Share = 0.45;

    private static (float ControllerSpread, float DistanceMean, float DistanceSpread) Statistics(SimilarityMix mix)
    {
        var state = mix.state_dict();
        return (state["controller_spread"].item<float>(), state["distance_mean"].item<float>(), state["distance_spread"].item<float>());
    }

    [Fact]
    public void The_mix_is_the_calibrated_share_weighted_sum_of_the_standardised_experts()
    {
        using var scope = NewDisposeScope();
        using var mix = new SimilarityMix(Share);
        mix.eval();

        // Fresh statistics are spreads of 1 and a mean distance of 1, the calibration a = 2, b = 0:
        // 2 * (0.45 * 1 / 1 + 0.55 * (1 - 3) / 1) = 2 * (0.45 - 1.1) = -1.3.
        mix.call(tensor(new[] { 1f }), tensor(new[] { 3f })).item<float>().Should().BeApproximately(-1.3f, 1e-6f);
    }

    [Fact]
    public void In_training_mode_the_running_statistics_move_toward_the_batchs_and_in_eval_mode_they_stay()
    {
        using var scope = NewDisposeScope();
        using var mix = new SimilarityMix(Share);
        var controller = tensor(new[] { -3f, 1, 5 });     // standard deviation 4
        var distance = tensor(new[] { 2f, 4, 6 });        // mean 4, standard deviation 2

        mix.train();
        mix.call(controller, distance);

        // Each moves a hundredth of the way from 1 to the batch's value.
        var trained = Statistics(mix);
        trained.ControllerSpread.Should().BeApproximately(1.03f, 1e-6f);
        trained.DistanceMean.Should().BeApproximately(1.03f, 1e-6f);
        trained.DistanceSpread.Should().BeApproximately(1.01f, 1e-6f);

        mix.eval();
        mix.call(controller * 10, distance * 10);

        Statistics(mix).Should().Be(trained);
    }

    [Fact]
    public void The_calibration_changes_the_similarities_but_not_how_they_rank()
    {
        using var scope = NewDisposeScope();
        using var mix = new SimilarityMix(Share);
        using var random = new Generator(7);
        var controller = randn(32, generator: random) * 3;
        var distance = rand(32, generator: random) * 5;
        mix.eval();
        var before = mix.call(controller, distance);

        using (no_grad())
        {
            mix.state_dict()["log_scale"].fill_(-3);
            mix.state_dict()["bias"].fill_(5);
        }
        var after = mix.call(controller, distance);

        after.allclose(before, atol: 1e-3).Should().BeFalse("the calibration must have changed for this test to tell");
        after.argsort().data<long>().ToArray().Should().Equal(before.argsort().data<long>().ToArray());
    }
}
