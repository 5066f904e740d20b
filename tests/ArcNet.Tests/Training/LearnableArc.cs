using ArcNet.Data;
using ArcNet.Training;

namespace ArcNet.Tests.Training;

/// <summary>
/// A small ARC and training settings that learn within a thousand steps, in a few seconds on one core: three alphabets,
/// a 32-unit controller, two 8 x 8 glimpses per image, a learning rate ten times the paper's default here.
/// </summary>
public static class LearnableArc
{
    public static readonly PlainArcOptions Model = new() { HiddenSize = 32, GlimpsesPerImage = 2, GlimpseSize = 8 };

    public static readonly TrainingOptions Training = new()
    {
        BatchSize = 32, LearningRate = 5e-3, MaxSteps = 1000, ValidateEvery = 200, CheckpointEvery = 1000, ValidationBatches = 8,
        AugmentationStrength = 0, Seed = 1,
    };

    /// <summary>Drawers 1-16 of the first three alphabets to train on, 17-20 to validate on.</summary>
    public static (ImageSubset Train, ImageSubset Validation) Split(ImageDataset union) =>
        ImageSplit.ByInstance(union.All.Where(i => union.GroupOf[i] < 3));

    /// <summary>Trains a comparator seeded with 1: call it from the serial collection, so the run is the same every time.</summary>
    public static (ArcComparator Comparator, TrainingResult Result) Train(ImageDataset union)
    {
        var (train, validation) = Split(union);
        var comparator = new ArcComparator(Model, seed: 1);
        using var trainer = new ArcTrainer(comparator, train, validation, Training);
        return (comparator, trainer.Run());
    }
}
