namespace ArcNet.Training;

/// <summary>
/// Derives the seeds of a training run's random streams (pair sampling, augmentation, dropout, validation pairs,
/// episodes) from the one seed a user gives, with a fixed function: the same seed gives the same streams in every
/// process, on every machine and .NET version.
/// </summary>
/// <remarks>
/// .NET's <see cref="HashCode"/> is randomised per process, so it cannot derive seeds that must survive a restart.
/// This uses SplitMix64's finaliser (Steele, Lea &amp; Flood 2014) over the seed, the stream and the step a run starts
/// from: nearby inputs give unrelated outputs, so seeds 1 and 2 do not give overlapping streams.
/// </remarks>
internal static class SeedStreams
{
    /// <summary>The random streams of a run. Their numbers are part of the derivation: never renumber one.</summary>
    internal enum Stream
    {
        Pairs = 1,
        Augmentation = 2,
        Dropout = 3,
        ValidationPairs = 4,
        Episodes = 5,
    }

    /// <summary>The seed of <paramref name="stream"/> for a run with <paramref name="seed"/> starting (or resuming) at <paramref name="startStep"/>.</summary>
    internal static int Derive(int seed, Stream stream, long startStep = 0)
    {
        ulong state = Mix((ulong)(uint)seed);
        state = Mix(state ^ (ulong)stream);
        state = Mix(state ^ (ulong)startStep);
        return (int)(state >> 33);   // 31 bits: a non-negative int, as Random and manual_seed take
    }

    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
