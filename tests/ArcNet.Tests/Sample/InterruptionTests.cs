using System.Text.RegularExpressions;
using FluentAssertions;
using Xunit;

namespace ArcNet.Tests.Sample;

/// <summary>Ctrl-C in the middle of a training run ends it as a budget would: the best weights validated so far are saved.</summary>
public sealed class InterruptionTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task Ctrl_C_during_training_stops_after_the_step_and_saves_the_best_weights()
    {
        string folder = Directory.CreateTempSubdirectory("arcnet-interrupt-").FullName;
        try
        {
            string model = Path.Combine(folder, "m.arc");
            using var run = SampleProcess.Start("train", "--out", model, "--hidden", "16", "--glimpses", "2", "--batch-size", "16",
                "--validate-every", "1", "--steps", "100000", "--threads", "1");
            await run.WaitForLine(line => line.StartsWith("step 3/", StringComparison.Ordinal), Limit);

            run.Interrupt();
            await run.WaitForExit(Limit);

            run.ExitCode.Should().Be(0, run.Output);
            string output = Regex.Replace(run.Output, @"\s+", " ");
            output.Should().Contain("Stopping after this step to keep and save the best weights")
                .And.MatchRegex(@"Stopped after \d+ steps \(cancelled\).*Saved " + Regex.Escape(model));
            using var saved = ArcComparator.Load(model);
            ((ArcOptions)saved.Options).HiddenSize.Should().Be(16);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
