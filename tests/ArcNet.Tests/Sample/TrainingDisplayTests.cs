using ArcNet.Omniglot;
using ArcNet.Training;
using FluentAssertions;
using Xunit;

namespace ArcNet.Tests.Sample;

public class TrainingDisplayTests
{
    [Theory]
    [InlineData(0, 7, 5, "ETA 07:05")]
    [InlineData(1, 39, 16, "ETA 1:39:16")]
    [InlineData(27, 0, 0, "ETA 27:00:00")]
    public void The_progress_line_shows_the_whole_remaining_time(int hours, int minutes, int seconds, string expected)
    {
        var progress = new TrainingProgress(Step: 348, MaxSteps: 15000, Loss: 5.02, Accuracy: 0.765, PairsPerSecond: 1258,
            Elapsed: TimeSpan.FromSeconds(150), Remaining: new TimeSpan(hours, minutes, seconds), Validation: null);

        TrainingDisplay.Describe(progress).Should().EndWith($"pairs/s | {expected}");
    }
}
