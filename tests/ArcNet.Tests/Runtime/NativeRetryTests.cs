using System.Runtime.InteropServices;
using ArcNet.Runtime;
using FluentAssertions;
using Xunit;

namespace ArcNet.Tests.Runtime;

public class NativeRetryTests
{
    [Fact]
    public void A_native_failure_that_does_not_repeat_is_run_again_and_its_result_returned()
    {
        int calls = 0;
        var heard = new List<string>();

        int result = NativeRetry.Once(() => ++calls == 1 ? throw new ExternalException("Expected false to be true, but got false.\n(native trace)") : 42,
            failure => heard.Add(NativeRetry.FirstLine(failure)));

        result.Should().Be(42);
        calls.Should().Be(2);
        heard.Should().Equal("Expected false to be true, but got false.");
    }

    [Fact]
    public void A_native_failure_that_repeats_is_thrown()
    {
        int calls = 0;

        var act = () => NativeRetry.Once<int>(() => throw new ExternalException($"failure {++calls}"));

        act.Should().Throw<ExternalException>().WithMessage("failure 2");
    }

    [Fact]
    public void Other_errors_are_thrown_at_once()
    {
        int calls = 0;

        var act = () => NativeRetry.Once<int>(() => throw new ArgumentException($"call {++calls}"));

        act.Should().Throw<ArgumentException>().WithMessage("call 1");
    }
}
