using ArcNet.Modules;
using ArcNet.Training;
using FluentAssertions;
using Xunit;
using static TorchSharp.torch;

namespace ArcNet.Tests.IO;

/// <summary>
/// A save that fails part-way (full disk, I/O error, killed process) must leave the previous model or checkpoint
/// exactly as it was and no temporary files beside it: the failure is injected through the write's open seam.
/// </summary>
public class AtomicSaveTests
{
    private static readonly PlainArcOptions Small = new() { HiddenSize = 32, GlimpsesPerImage = 2 };

    /// <summary>Where in the new file the write fails, as a fraction of its length; 1 means every byte is written and the flush fails.</summary>
    public static TheoryData<double> FailurePoints => new() { 0.0, 0.0005, 0.5, 0.999, 1.0 };

    [Theory]
    [MemberData(nameof(FailurePoints))]
    public void A_model_save_that_fails_midway_leaves_the_previous_model_byte_identical(double failAt)
    {
        string folder = Directory.CreateTempSubdirectory("arcnet-atomic-").FullName;
        string path = Path.Combine(folder, "model.arc");
        using var previous = new ArcComparator(Small);
        previous.Save(path);
        byte[] before = File.ReadAllBytes(path);
        using var next = new ArcComparator(Small with { HiddenSize = 48 });
        long failAfter = FailAfter(failAt, LengthOf(next.Save));

        var save = () => next.Save(path, open: temporary => new FailingStream(Create(temporary), failAfter));

        save.Should().Throw<IOException>().WithMessage(FailingStream.Message);
        File.ReadAllBytes(path).Should().Equal(before);
        Directory.GetFileSystemEntries(folder).Should().Equal(path);   // no temporary file left behind
        using var loaded = ArcComparator.Load(path);
        ((PlainArcOptions)loaded.Options).HiddenSize.Should().Be(32);
    }

    [Theory]
    [MemberData(nameof(FailurePoints))]
    public void A_checkpoint_that_fails_midway_leaves_the_previous_checkpoint_byte_identical(double failAt)
    {
        string folder = Directory.CreateTempSubdirectory("arcnet-atomic-").FullName;
        string path = Path.Combine(folder, "model.arc.checkpoint");
        using var current = ArcNetwork.PlainArc(Small);
        using var best = ArcNetwork.PlainArc(Small);
        using var optimizer = optim.Adam(current.parameters(), 1e-3);
        TrainingCheckpoint.Write(path, new TrainingCheckpoint.State(Small, 0.1, 500, null), current, best, optimizer);
        byte[] before = File.ReadAllBytes(path);
        var later = new TrainingCheckpoint.State(Small, 0.1, 1000, new ValidationScore(1000, 0.5, 0.8, true));
        long failAfter = FailAfter(failAt, LengthOf(p => TrainingCheckpoint.Write(p, later, current, best, optimizer)));

        var write = () => TrainingCheckpoint.Write(path, later, current, best, optimizer,
            open: temporary => new FailingStream(Create(temporary), failAfter));

        write.Should().Throw<IOException>().WithMessage(FailingStream.Message);
        File.ReadAllBytes(path).Should().Equal(before);
        Directory.GetFileSystemEntries(folder).Should().Equal(path);
        TrainingCheckpoint.Read(path, Small, current, best, optimizer).Step.Should().Be(500);
    }

    [Fact]
    public void A_failed_first_save_leaves_nothing_at_all()
    {
        string folder = Directory.CreateTempSubdirectory("arcnet-atomic-").FullName;
        string path = Path.Combine(folder, "model.arc");
        using var comparator = new ArcComparator(Small);

        var save = () => comparator.Save(path, open: temporary => new FailingStream(Create(temporary), 100));

        save.Should().Throw<IOException>();
        Directory.GetFileSystemEntries(folder).Should().BeEmpty();
    }

    private static long FailAfter(double fraction, long length) => (long)Math.Round(fraction * length);

    private static long LengthOf(Action<string> save)
    {
        string path = Path.Combine(Directory.CreateTempSubdirectory("arcnet-atomic-length-").FullName, "file");
        save(path);
        return new FileInfo(path).Length;
    }

    private static FileStream Create(string path) => new(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
}
