using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using ArcNet.IO;
using ArcNet.Training;
using FluentAssertions;
using Xunit;
using ArcNet.Tests.Sample;
using Xunit.Abstractions;

namespace ArcNet.Tests.Training;

/// <summary>
/// A training run killed without warning (SIGKILL, as by the OOM killer or a power cut) at a random moment resumes
/// from its last checkpoint and loses less than one checkpoint interval of work. Runs the built sample as a child
/// process with a tiny model, so the whole cycle takes seconds.
/// </summary>
public partial class KillAndResumeTests(ITestOutputHelper output)
{
    private const int Interval = 5;   // --validate-every, which the sample also uses as the checkpoint interval

    [Fact]
    public async Task A_run_killed_at_a_random_moment_resumes_from_its_last_checkpoint_losing_less_than_one_interval()
    {
        string folder = Directory.CreateTempSubdirectory("arcnet-kill-").FullName;
        try
        {
            await KillThenResume(folder);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private async Task KillThenResume(string folder)
    {
        string model = Path.Combine(folder, "m.arc"), checkpoint = model + ".checkpoint";
        string[] tiny = ["train", "--out", model, "--hidden", "16", "--glimpses", "2", "--batch-size", "16", "--validate-every", $"{Interval}"];
        int delay = Random.Shared.Next(0, 2500);
        output.WriteLine($"killing {delay} ms after the first checkpoint");

        int reported;
        using (var run = SampleProcess.Start([.. tiny, "--steps", "100000"]))
        {
            await run.WaitForLine(line => ReportedStep(line) is not null, TimeSpan.FromSeconds(45));
            File.Exists(checkpoint).Should().BeTrue("the trainer checkpoints before it reports a validation");
            await Task.Delay(delay);
            await run.Kill();
            // Every step line was printed before the kill, and the trainer wrote that step's checkpoint before printing it.
            reported = run.Lines.Select(ReportedStep).Max() ?? 0;
            output.WriteLine($"killed; last step reported: {reported}");
        }

        int saved = CheckpointStep(checkpoint);
        output.WriteLine($"checkpoint on disk: step {saved}");
        saved.Should().BeGreaterThanOrEqualTo(reported, "no step the run reported may be lost");
        saved.Should().BeGreaterThanOrEqualTo(reported - Interval, "at most one checkpoint interval may be lost");
        (saved % Interval).Should().Be(0, "checkpoints are written every {0} steps", Interval);

        using (var resumed = SampleProcess.Start([.. tiny, "--resume", "--steps", $"{saved + Interval}"]))
        {
            await resumed.WaitForExit(TimeSpan.FromSeconds(45));
            output.WriteLine(resumed.Output);
            resumed.ExitCode.Should().Be(0, resumed.Output);
            Regex.Replace(resumed.Output, @"\s+", " ").Should().Contain($"at step {saved}.", "the run resumes where the checkpoint left off");
        }
        CheckpointStep(checkpoint).Should().Be(saved + Interval);
        using var trained = ArcComparator.Load(model);
        trained.Options.HiddenSize.Should().Be(16);
    }

    /// <summary>The step of a line the sample prints after each validation ("step 35/100000 | ... @35"), else null.</summary>
    private static int? ReportedStep(string line) =>
        StepLine().Match(line) is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : null;

    private static int CheckpointStep(string path)
    {
        var contents = ModelFile.Read(path, TrainingCheckpoint.FileKind);
        using var state = JsonDocument.Parse(contents.Metadata);
        return state.RootElement.GetProperty("Step").GetInt32();
    }

    [GeneratedRegex(@"^step (\d+)/\d+ \|.*@(\d+)$")]
    private static partial Regex StepLine();
}
