using ArcNet.Training;
using FluentAssertions;
using Xunit;

namespace ArcNet.Tests.Guards;

/// <summary>
/// Option records refuse a setting out of range with an <see cref="ArgumentException"/> that names it, as
/// "Type.Property" in its message and as its parameter, and says the range and the value given.
/// </summary>
public class OptionCheckTests
{
    private static readonly TrainingOptions Training = new() { MaxSteps = 1 };

    /// <summary>Options with one setting out of range, the property the error must name, and a fragment of what its message must say.</summary>
    private static readonly Dictionary<string, (object Options, string Property, string Says)> OutOfRange = new()
    {
        ["ArcOptions: ImageSize 2"] = (new ArcOptions { ImageSize = 2 }, nameof(ArcOptions.ImageSize), "between 4 and 1024 pixels; got 2"),
        ["ArcOptions: GlimpseSize 40"] = (new ArcOptions { GlimpseSize = 40 }, nameof(ArcOptions.GlimpseSize), "attended side (32); got 40"),
        ["ArcOptions: GlimpsesPerImage 0"] = (new ArcOptions { GlimpsesPerImage = 0 }, nameof(ArcOptions.GlimpsesPerImage), "between 1 and 256; got 0"),
        ["ArcOptions: HiddenSize -5"] = (new ArcOptions { HiddenSize = -5 }, nameof(ArcOptions.HiddenSize), "between 1 and 16384; got -5"),
        ["ArcOptions: InputDropout 1"] = (new ArcOptions { InputDropout = 1.0 }, nameof(ArcOptions.InputDropout), "in [0, 1); got 1"),
        ["ArcOptions: ConvARC-lite ImageSize 8"] = (ArcOptions.LightConvArc with { ImageSize = 8 }, nameof(ArcOptions.ImageSize), "at least 16 for ConvARC-lite"),
        ["ArcOptions: prototypical ImageSize 12"] = (ArcOptions.Prototypical with { ImageSize = 12 }, nameof(ArcOptions.ImageSize), "whose trunk pools four times; got 12"),
        ["ArcOptions: TrunkChannels 0"] = (ArcOptions.LightConvArc with { TrunkChannels = 0 }, nameof(ArcOptions.TrunkChannels), "between 1 and 1024; got 0"),
        ["ArcOptions: AttendedBlocks 0"] = (ArcOptions.LightConvArc with { AttendedBlocks = 0 }, nameof(ArcOptions.AttendedBlocks), "1, 2 or 3; got 0"),
        ["ArcOptions: AttendedBlocks 4"] = (ArcOptions.LightConvArc with { AttendedBlocks = 4 }, nameof(ArcOptions.AttendedBlocks), "1, 2 or 3; got 4"),
        ["ArcOptions: AttentionChannels -1"] = (ArcOptions.LightConvArc with { AttentionChannels = -1 }, nameof(ArcOptions.AttentionChannels), "0 (no reduction) and 1024; got -1"),
        ["ArcOptions: MetricEvidence on plain ARC"] = (new ArcOptions { MetricEvidence = true }, nameof(ArcOptions.MetricEvidence), "embedding of the LightConv architecture; got Plain"),
        ["ArcOptions: ControllerShare 1.5"] = (ArcOptions.LightConvArc with { ControllerShare = 1.5 }, nameof(ArcOptions.ControllerShare), "in [0, 1]; got 1.5"),
        ["ArcOptions: ControllerShare NaN"] = (ArcOptions.LightConvArc with { ControllerShare = double.NaN }, nameof(ArcOptions.ControllerShare), "in [0, 1]; got NaN"),
        ["ArcOptions: Architecture 9"] = (new ArcOptions { Architecture = (ArcArchitecture)9 }, nameof(ArcOptions.Architecture), "not a known architecture: 9"),
        ["TrainingOptions: GradientClipNorm 0"] = (Training with { GradientClipNorm = 0 }, nameof(TrainingOptions.GradientClipNorm), "positive number when given; got 0"),
        ["TrainingOptions: GradientClipNorm -1"] = (Training with { GradientClipNorm = -1 }, nameof(TrainingOptions.GradientClipNorm), "positive number when given; got -1"),
        ["TrainingOptions: GradientClipNorm NaN"] = (Training with { GradientClipNorm = double.NaN }, nameof(TrainingOptions.GradientClipNorm), "positive number when given; got NaN"),
        ["TrainingOptions: GradientClipNorm infinite"] = (Training with { GradientClipNorm = double.PositiveInfinity }, nameof(TrainingOptions.GradientClipNorm), "positive number when given; got Infinity"),
        ["TrainingOptions: Schedule 7"] = (Training with { Schedule = (LearningRateSchedule)7 }, nameof(TrainingOptions.Schedule), "not a known schedule: 7"),
        ["TrainingOptions: EpisodeGroups 0"] = (Training with { EpisodeGroups = 0 }, nameof(TrainingOptions.EpisodeGroups), "at least 1; got 0"),
        ["TrainingOptions: EpisodeGroupSize 1"] = (Training with { EpisodeGroupSize = 1 }, nameof(TrainingOptions.EpisodeGroupSize), "at least 2 (a group needs a character to tell apart); got 1"),
        ["TrainingOptions: QueriesPerCharacter 0"] = (Training with { QueriesPerCharacter = 0 }, nameof(TrainingOptions.QueriesPerCharacter), "between 1 and 19; got 0"),
        ["TrainingOptions: QueriesPerCharacter 20"] = (Training with { QueriesPerCharacter = 20 }, nameof(TrainingOptions.QueriesPerCharacter), "between 1 and 19; got 20"),
        ["TrainingOptions: TrunkPretraining -0.1"] = (Training with { TrunkPretraining = -0.1 }, nameof(TrainingOptions.TrunkPretraining), "share of the budget in [0, 1]; got -0.1"),
        ["TrainingOptions: TrunkPretraining 1.5"] = (Training with { TrunkPretraining = 1.5 }, nameof(TrainingOptions.TrunkPretraining), "share of the budget in [0, 1]; got 1.5"),
        ["TrainingOptions: FrozenTrunkTraining NaN"] = (Training with { FrozenTrunkTraining = double.NaN }, nameof(TrainingOptions.FrozenTrunkTraining), "share of the budget in [0, 1]; got NaN"),
        ["TrainingOptions: shares over the budget"] = (Training with { TrunkPretraining = 0.6, FrozenTrunkTraining = 0.5 }, nameof(TrainingOptions.FrozenTrunkTraining), "and TrunkPretraining must add up to at most 1; got 0.6 + 0.5"),
        ["TrainingOptions: CachedViews 0"] = (Training with { CachedViews = 0 }, nameof(TrainingOptions.CachedViews), "between 1 and 64; got 0"),
        ["TrainingOptions: CachedViews 65"] = (Training with { CachedViews = 65 }, nameof(TrainingOptions.CachedViews), "between 1 and 64; got 65"),
    };

    public static TheoryData<string> OutOfRangeCases => new(OutOfRange.Keys);

    [Theory]
    [MemberData(nameof(OutOfRangeCases))]
    public void An_out_of_range_setting_is_refused_naming_it_and_its_range(string name)
    {
        var (options, property, says) = OutOfRange[name];
        Action validate = options switch
        {
            ArcOptions arc => () => arc.Validate(),
            TrainingOptions training => () => training.Validate(),
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };

        validate.Should().Throw<ArgumentException>().WithMessage($"{options.GetType().Name}.{property} *{says}*").Which.ParamName.Should().Be(property);
    }
}
