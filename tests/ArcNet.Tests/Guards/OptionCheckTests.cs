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
        ["PlainArcOptions: ImageSize 2"] = (new PlainArcOptions { ImageSize = 2 }, nameof(ComparatorOptions.ImageSize), "between 4 and 1024 pixels; got 2"),
        ["PlainArcOptions: ImageChannels 2"] = (new PlainArcOptions { ImageChannels = 2 }, nameof(ComparatorOptions.ImageChannels), "1 (gray) or 3 (RGB); got 2"),
        ["PlainArcOptions: GlimpseSize 40"] = (new PlainArcOptions { GlimpseSize = 40 }, nameof(ArcOptions.GlimpseSize), "what the model attends over (32); got 40"),
        ["PlainArcOptions: GlimpsesPerImage 0"] = (new PlainArcOptions { GlimpsesPerImage = 0 }, nameof(ArcOptions.GlimpsesPerImage), "between 1 and 256; got 0"),
        ["PlainArcOptions: HiddenSize -5"] = (new PlainArcOptions { HiddenSize = -5 }, nameof(ArcOptions.HiddenSize), "between 1 and 16384; got -5"),
        ["PlainArcOptions: InputDropout 1"] = (new PlainArcOptions { InputDropout = 1.0 }, nameof(ArcOptions.InputDropout), "in [0, 1); got 1"),
        ["ConvArcOptions: GlimpseSize 17"] = (new ConvArcOptions { GlimpseSize = 17 }, nameof(ArcOptions.GlimpseSize), "what the model attends over (16); got 17"),
        ["ConvArcOptions: TrunkDropout 1"] = (new ConvArcOptions { TrunkDropout = 1 }, nameof(ConvArcOptions.TrunkDropout), "in [0, 1); got 1"),
        ["ConvArcLiteOptions: ImageSize 8"] = (new ConvArcLiteOptions { ImageSize = 8 }, nameof(ComparatorOptions.ImageSize), "at least 16 for ConvARC-lite"),
        ["ConvArcLiteOptions: GlimpseSize 9"] = (new ConvArcLiteOptions { GlimpseSize = 9 }, nameof(ArcOptions.GlimpseSize), "what the model attends over (8); got 9"),
        ["ConvArcLiteOptions: TrunkChannels 0"] = (new ConvArcLiteOptions { TrunkChannels = 0 }, nameof(ConvArcLiteOptions.TrunkChannels), "between 1 and 1024; got 0"),
        ["ConvArcLiteOptions: AttendedBlocks 0"] = (new ConvArcLiteOptions { AttendedBlocks = 0 }, nameof(ConvArcLiteOptions.AttendedBlocks), "1, 2 or 3; got 0"),
        ["ConvArcLiteOptions: AttendedBlocks 4"] = (new ConvArcLiteOptions { AttendedBlocks = 4 }, nameof(ConvArcLiteOptions.AttendedBlocks), "1, 2 or 3; got 4"),
        ["ConvArcLiteOptions: AttentionChannels -1"] = (new ConvArcLiteOptions { AttentionChannels = -1 }, nameof(ConvArcLiteOptions.AttentionChannels), "0 (no reduction) and 1024; got -1"),
        ["ConvArcLiteOptions: ControllerShare 1.5"] = (new ConvArcLiteOptions { ControllerShare = 1.5 }, nameof(ConvArcLiteOptions.ControllerShare), "in [0, 1]; got 1.5"),
        ["ConvArcLiteOptions: ControllerShare NaN"] = (new ConvArcLiteOptions { ControllerShare = double.NaN }, nameof(ConvArcLiteOptions.ControllerShare), "in [0, 1]; got NaN"),
        ["PrototypicalOptions: ImageSize 12"] = (new PrototypicalOptions { ImageSize = 12 }, nameof(ComparatorOptions.ImageSize), "whose trunk pools four times; got 12"),
        ["PrototypicalOptions: TrunkChannels 2000"] = (new PrototypicalOptions { TrunkChannels = 2000 }, nameof(PrototypicalOptions.TrunkChannels), "between 1 and 1024; got 2000"),
        ["TrainingOptions: GradientClipNorm 0"] = (Training with { GradientClipNorm = 0 }, nameof(TrainingOptions.GradientClipNorm), "positive number when given; got 0"),
        ["TrainingOptions: GradientClipNorm -1"] = (Training with { GradientClipNorm = -1 }, nameof(TrainingOptions.GradientClipNorm), "positive number when given; got -1"),
        ["TrainingOptions: GradientClipNorm NaN"] = (Training with { GradientClipNorm = double.NaN }, nameof(TrainingOptions.GradientClipNorm), "positive number when given; got NaN"),
        ["TrainingOptions: GradientClipNorm infinite"] = (Training with { GradientClipNorm = double.PositiveInfinity }, nameof(TrainingOptions.GradientClipNorm), "positive number when given; got Infinity"),
        ["TrainingOptions: Schedule 7"] = (Training with { Schedule = (LearningRateSchedule)7 }, nameof(TrainingOptions.Schedule), "not a known schedule: 7"),
        ["TrainingOptions: EpisodeGroups 0"] = (Training with { EpisodeGroups = 0 }, nameof(TrainingOptions.EpisodeGroups), "at least 1; got 0"),
        ["TrainingOptions: EpisodeGroupSize 1"] = (Training with { EpisodeGroupSize = 1 }, nameof(TrainingOptions.EpisodeGroupSize), "at least 2 (a group needs a character to tell apart); got 1"),
    };

    public static TheoryData<string> OutOfRangeCases => new(OutOfRange.Keys);

    [Theory]
    [MemberData(nameof(OutOfRangeCases))]
    public void An_out_of_range_setting_is_refused_naming_it_and_its_range(string name)
    {
        var (options, property, says) = OutOfRange[name];
        Action validate = options switch
        {
            ComparatorOptions model => () => model.Validate(),
            TrainingOptions training => () => training.Validate(),
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };

        validate.Should().Throw<ArgumentException>().WithMessage($"{options.GetType().Name}.{property} *{says}*").Which.ParamName.Should().Be(property);
    }
}
