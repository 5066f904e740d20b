using FluentAssertions;
using Xunit;

namespace ArcNet.Tests;

public class ArcOptionsTests
{
    [Fact]
    public void Defaults_are_the_papers_plain_arc()
    {
        var options = new ArcOptions();

        options.ImageSize.Should().Be(32);
        options.GlimpseSize.Should().Be(4);
        options.GlimpsesPerImage.Should().Be(8);
        options.HiddenSize.Should().Be(512);
        options.Architecture.Should().Be(ArcArchitecture.Plain);
        options.ParameterMapping.Should().Be(GlimpseParameterMapping.Linear);
        options.Head.Should().Be(SimilarityHeadKind.Verification);
        options.InputDropout.Should().Be(0.2);
        options.AverageBothOrders.Should().BeFalse();
        options.Steps.Should().Be(16);
    }

    [Fact]
    public void The_convarc_preset_attends_over_64_feature_maps_at_half_resolution_with_256_units()
    {
        var options = ArcOptions.ConvArc;

        options.Architecture.Should().Be(ArcArchitecture.Conv);
        options.HiddenSize.Should().Be(256);
        options.AttendedChannels.Should().Be(64);
        options.AttendedSize.Should().Be(16);
    }

    /// <summary>Settings out of range, the property the error must name, and a fragment of what its message must say.</summary>
    private static readonly Dictionary<string, (ArcOptions Options, string Property, string Says)> OutOfRange = new()
    {
        ["ImageSize 2"] = (new ArcOptions { ImageSize = 2 }, nameof(ArcOptions.ImageSize), "between 4 and 1024 pixels; got 2"),
        ["GlimpseSize 40"] = (new ArcOptions { GlimpseSize = 40 }, nameof(ArcOptions.GlimpseSize), "attended side (32); got 40"),
        ["GlimpsesPerImage 0"] = (new ArcOptions { GlimpsesPerImage = 0 }, nameof(ArcOptions.GlimpsesPerImage), "between 1 and 256; got 0"),
        ["HiddenSize -5"] = (new ArcOptions { HiddenSize = -5 }, nameof(ArcOptions.HiddenSize), "between 1 and 16384; got -5"),
        ["InputDropout 1"] = (new ArcOptions { InputDropout = 1.0 }, nameof(ArcOptions.InputDropout), "in [0, 1); got 1"),
        ["ConvARC-lite ImageSize 8"] = (ArcOptions.LightConvArc with { ImageSize = 8 }, nameof(ArcOptions.ImageSize), "at least 16 for ConvARC-lite"),
        ["prototypical ImageSize 12"] = (ArcOptions.Prototypical with { ImageSize = 12 }, nameof(ArcOptions.ImageSize), "whose trunk pools four times; got 12"),
        ["TrunkChannels 0"] = (ArcOptions.LightConvArc with { TrunkChannels = 0 }, nameof(ArcOptions.TrunkChannels), "between 1 and 1024; got 0"),
        ["AttendedBlocks 0"] = (ArcOptions.LightConvArc with { AttendedBlocks = 0 }, nameof(ArcOptions.AttendedBlocks), "1, 2 or 3; got 0"),
        ["AttendedBlocks 4"] = (ArcOptions.LightConvArc with { AttendedBlocks = 4 }, nameof(ArcOptions.AttendedBlocks), "1, 2 or 3; got 4"),
        ["AttentionChannels -1"] = (ArcOptions.LightConvArc with { AttentionChannels = -1 }, nameof(ArcOptions.AttentionChannels), "0 (no reduction) and 1024; got -1"),
        ["MetricEvidence on plain ARC"] = (new ArcOptions { MetricEvidence = true }, nameof(ArcOptions.MetricEvidence), "embedding of the LightConv architecture; got Plain"),
        ["ControllerShare 1.5"] = (ArcOptions.LightConvArc with { ControllerShare = 1.5 }, nameof(ArcOptions.ControllerShare), "in [0, 1]; got 1.5"),
        ["ControllerShare NaN"] = (ArcOptions.LightConvArc with { ControllerShare = double.NaN }, nameof(ArcOptions.ControllerShare), "in [0, 1]; got NaN"),
        ["Architecture 9"] = (new ArcOptions { Architecture = (ArcArchitecture)9 }, nameof(ArcOptions.Architecture), "not a known architecture: 9"),
    };

    public static TheoryData<string> OutOfRangeCases => new(OutOfRange.Keys);

    [Theory]
    [MemberData(nameof(OutOfRangeCases))]
    public void An_out_of_range_setting_is_refused_naming_it_and_its_range(string name)
    {
        var (options, property, says) = OutOfRange[name];

        OptionChecks.ShouldRefuse(() => options.Validate(), nameof(ArcOptions), property, says);
    }

    [Fact]
    public void Convarc_needs_an_even_image_size()
    {
        var validate = () => (ArcOptions.ConvArc with { ImageSize = 31 }).Validate();

        validate.Should().Throw<ArgumentException>().WithMessage("*even*");
    }
}
