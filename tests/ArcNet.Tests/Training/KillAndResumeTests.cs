using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using ArcNet.IO;
using ArcNet.Tests.Sample;
using ArcNet.Training;
using FluentAssertions;
using Xunit;
using Xunit.Abstractions;

namespace ArcNet.Tests.Training;

/// <summary>
/// A training run killed without warning (SIGKILL, as by the OOM killer or a power cut) resumes from its last
/// checkpoint and loses fewer steps than one checkpoint interval. Runs the built sample as a child process with a tiny
/// model that validates, and so reports, every step while it checkpoints every <see cref="Interval"/> steps: the
/// report shows how far the run got, the checkpoint how far a resume goes back.
/// </summary>
public partial class KillAndResumeTests(ITestOutputHelper output)
{
    private const int Interval = 5;

    /// <summary>The kill follows the report of this step, between two checkpoints.</summary>
    private const int KillAfter = 12;

    /// <summary>Only a guard against a hung child: nothing here waits for a time to pass.</summary>
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task A_run_killed_between_checkpoints_resumes_from_the_last_one_losing_fewer_steps_than_one_interval()
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
        string[] tiny = ["train", "--out", model, "--hidden", "16", "--glimpses", "2", "--batch-size", "16", "--validate-every", "1", "--checkpoint-every", $"{Interval}"];

        int reported;
        using (var run = SampleProcess.Start([.. tiny, "--steps", "100000"]))
        {
            await run.WaitForLine(line => ReportedStep(line) >= KillAfter, Limit);
            await run.Kill();
            // The run may have gone on past step KillAfter before the kill landed; every step it finished before then
            // was printed, except at most the one whose report the kill cut off.
            reported = run.Lines.Select(ReportedStep).Max() ?? 0;
        }
        int saved = CheckpointStep(checkpoint);
        int lost = reported - saved;
        output.WriteLine($"killed after step {reported} was reported; the checkpoint holds step {saved}: {lost} reported steps lost");

        (saved % Interval).Should().Be(0, "checkpoints are written every {0} steps", Interval);
        saved.Should().BeLessThanOrEqualTo(reported + 1, "a checkpoint cannot be ahead of the step in progress");
        lost.Should().BeLessThan(Interval, "only the steps since the last checkpoint are lost");

        using (var resumed = SampleProcess.Start([.. tiny, "--resume", "--steps", $"{saved + Interval}"]))
        {
            await resumed.WaitForExit(Limit);
            output.WriteLine(resumed.Output);
            resumed.ExitCode.Should().Be(0, resumed.Output);
            Regex.Replace(resumed.Output, @"\s+", " ").Should().Contain($"at step {saved}.", "the run resumes where the checkpoint left off");
        }
        CheckpointStep(checkpoint).Should().Be(saved + Interval);
        using var trained = ArcComparator.Load(model);
        ((ArcOptions)trained.Options).HiddenSize.Should().Be(16);
    }

    /// <summary>The step of a line the sample prints after each validation ("step 35/100000 | ... @35"), else null.</summary>
    private static int? ReportedStep(string line) =>
        StepLine().Match(line) is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : null;

    private static int CheckpointStep(string path)
    {
        var contents = ModelFile.Read(path, TrainingCheckpoint.FileKind);
        using var state = JsonDocument.Parse(contents.Settings);
        return state.RootElement.GetProperty("Step").GetInt32();
    }

    [GeneratedRegex(@"^step (\d+)/\d+ \|.*@(\d+)$")]
    private static partial Regex StepLine();
}
