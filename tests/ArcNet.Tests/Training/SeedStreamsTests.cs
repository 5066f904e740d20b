using System.Security.Cryptography;
using ArcNet.Tests.Sample;
using ArcNet.Training;
using FluentAssertions;
using Xunit;

namespace ArcNet.Tests.Training;

public class SeedStreamsTests
{
    [Fact]
    public void A_streams_seed_is_a_fixed_function_of_the_run_seed_the_stream_and_the_start_step()
    {
        int[] derived =
        [
            SeedStreams.Derive(3, SeedStreams.Stream.Pairs),
            SeedStreams.Derive(3, SeedStreams.Stream.Dropout),
            SeedStreams.Derive(3, SeedStreams.Stream.Pairs, startStep: 500),
            SeedStreams.Derive(-1, SeedStreams.Stream.ValidationPairs),
            SeedStreams.Derive(0, SeedStreams.Stream.Episodes),
        ];

        // Computed once from SplitMix64's definition, outside .NET: a change here changes every seeded run.
        derived.Should().Equal(716340483, 79438375, 828890107, 257122786, 16116040);
    }

    [Fact]
    public async Task The_same_train_command_in_two_new_processes_writes_the_same_model_bytes()
    {
        string folder = Directory.CreateTempSubdirectory("arcnet-reproducible-").FullName;

        await RunTwiceAndCompareOutputs(folder, "train", "--steps", "10", "--seed", "3", "--hidden", "16", "--glimpses", "2", "--batch-size", "16", "--validate-every", "5");

        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task The_same_train_context_command_in_two_new_processes_writes_the_same_model_bytes()
    {
        string folder = Directory.CreateTempSubdirectory("arcnet-reproducible-").FullName;
        string comparator = Path.Combine(folder, "tiny.arc");
        using (var tiny = new ArcComparator(new PlainArcOptions { HiddenSize = 16, GlimpsesPerImage = 2 }))
            tiny.Save(comparator);

        await RunTwiceAndCompareOutputs(folder, "train-context", "--model", comparator, "--steps", "3", "--seed", "3");

        Directory.Delete(folder, recursive: true);
    }

    /// <summary>Runs the sample command twice at once, each writing its own --out file in <paramref name="folder"/>, and compares the files.</summary>
    private static async Task RunTwiceAndCompareOutputs(string folder, params string[] command)
    {
        string first = Path.Combine(folder, "first.out"), second = Path.Combine(folder, "second.out");

        using var one = SampleProcess.Start([.. command, "--out", first]);
        using var two = SampleProcess.Start([.. command, "--out", second]);
        // Only a guard against a hung child: each run takes seconds.
        await Task.WhenAll(one.WaitForExit(TimeSpan.FromMinutes(5)), two.WaitForExit(TimeSpan.FromMinutes(5)));

        (one.ExitCode, two.ExitCode).Should().Be((0, 0), one.Output + Environment.NewLine + two.Output);
        Sha256(second).Should().Be(Sha256(first));
    }

    private static string Sha256(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));
}
