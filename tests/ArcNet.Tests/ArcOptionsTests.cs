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

    [Fact]
    public void Convarc_needs_an_even_image_size()
    {
        var validate = () => (ArcOptions.ConvArc with { ImageSize = 31 }).Validate();

        validate.Should().Throw<ArgumentException>().WithMessage("*even*");
    }
}
