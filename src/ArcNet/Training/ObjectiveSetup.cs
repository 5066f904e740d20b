using ArcNet.Data;
using static TorchSharp.torch;

namespace ArcNet.Training;

/// <summary>
/// What a model needs to build its training objective: the training images, the options, the mean pixel to centre
/// them with, the device, and the step training starts from. Random streams are derived from (seed, stream, start
/// step), so a resumed run continues with new batches rather than a replay, and the same command gives the same model
/// in a new process.
/// </summary>
internal sealed record ObjectiveSetup(ImageSubset Train, TrainingOptions Options, double MeanPixel, Device Device, int StartStep)
{
    /// <summary>The seed of pair or episode sampling.</summary>
    internal int SamplingSeed => SeedStreams.Derive(Options.Seed, SeedStreams.Stream.Pairs, StartStep);

    /// <summary>The augmentation, on its own stream.</summary>
    internal PairAugmentation Augmentation() =>
        new(MeanPixel, Options.AugmentationStrength, seed: SeedStreams.Derive(Options.Seed, SeedStreams.Stream.Augmentation, StartStep));

    /// <summary>The grouped episodes of the options' shape, fitted to the data.</summary>
    /// <exception cref="ArgumentException">The data cannot give episodes: no group has two classes with two instances each.</exception>
    internal GroupedEpisodes Episodes() =>
        new(GroupedEpisodeSampler.Fitted(Train, Options.EpisodeGroups, Options.EpisodeGroupSize, SamplingSeed), Augmentation(), this);
}
