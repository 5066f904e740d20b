using System.Runtime.InteropServices;
using ArcNet.Training;
using FluentAssertions;
using Xunit;

namespace ArcNet.Tests.Training;

public class TrainingLoopTests
{
    [Fact]
    public void A_step_that_fails_inside_LibTorch_once_runs_again_and_the_run_reaches_its_step_limit_with_the_retry_listed()
    {
        var loop = new TrainingLoop(maxSteps: 5, timeBudget: null);
        int attempts = 0;

        var (steps, stopReason) = loop.Run(0,
            () => ++attempts == 3 ? throw new ExternalException("Expected false to be true, but got false.\n(native trace)") : (0.5, 0.75, 4, 8),
            _ => { }, progress: null, () => null, CancellationToken.None);

        steps.Should().Be(5);
        stopReason.Should().Be("reached 5 steps");
        attempts.Should().Be(6, "the third step ran twice");
        loop.Pairs.Should().Be(20, "the failed attempt counts nothing");
        loop.Retries.Should().ContainSingle().Which.Should().StartWith("Step 3 failed inside LibTorch (\"Expected false to be true, but got false.\")");
    }

    [Fact]
    public void A_step_that_fails_inside_LibTorch_twice_ends_the_run_with_the_failure()
    {
        var loop = new TrainingLoop(maxSteps: 5, timeBudget: null);

        var act = () => loop.Run(0, () => throw new ExternalException("a real failure"), _ => { }, progress: null, () => null, CancellationToken.None);

        act.Should().Throw<ExternalException>().WithMessage("a real failure");
    }
}
