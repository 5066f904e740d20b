using FluentAssertions;
using Xunit;

namespace ArcNet.Tests;

public class ComparatorOptionsTests
{
    [Fact]
    public void Plain_arc_defaults_are_the_papers_model()
    {
        var options = new PlainArcOptions();

        (options.ImageSize, options.ImageChannels).Should().Be((32, 1));
        (options.GlimpseSize, options.GlimpsesPerImage, options.HiddenSize).Should().Be((4, 8, 512));
        options.BoundedWindow.Should().BeFalse("the authors' map is the default");
        options.InputDropout.Should().Be(0.2);
        options.Steps.Should().Be(16);
    }

    [Fact]
    public void Convarc_defaults_are_the_papers_attending_over_64_feature_maps_at_half_resolution_with_256_units()
    {
        var options = new ConvArcOptions();

        (options.HiddenSize, options.InputDropout, options.TrunkDropout).Should().Be((256, 0.0, 0.3));
        (options.AttendedChannels, options.AttendedSize).Should().Be((64, 16));
    }

    [Fact]
    public void Convarc_lite_defaults_are_what_the_default_recipe_trains()
    {
        var options = new ConvArcLiteOptions();

        (options.HiddenSize, options.GlimpsesPerImage, options.GlimpseSize, options.InputDropout).Should().Be((128, 8, 4, 0.0));
        (options.TrunkChannels, options.AttendedBlocks, options.AttentionChannels, options.ControllerShare).Should().Be((64, 2, 16, 0.45));
        (options.AttendedChannels, options.AttendedSize).Should().Be((16, 8));
    }

    [Fact]
    public void Setting_one_controller_setting_keeps_the_models_other_defaults()
    {
        var options = new ConvArcLiteOptions { GlimpsesPerImage = 4 };

        options.HiddenSize.Should().Be(128, "ConvARC-lite's hidden size, not plain ARC's");
        options.InputDropout.Should().Be(0);
    }

    [Fact]
    public void Without_a_reduction_convarc_lite_attends_over_every_trunk_channel()
    {
        new ConvArcLiteOptions { AttentionChannels = 0, TrunkChannels = 32 }.AttendedChannels.Should().Be(32);
    }

    [Fact]
    public void Convarc_needs_an_even_image_size()
    {
        var validate = () => new ConvArcOptions { ImageSize = 31 }.Validate();

        validate.Should().Throw<ArgumentException>().WithMessage("*even*");
    }

    [Fact]
    public void Each_models_options_hold_only_the_settings_that_shape_it()
    {
        string[] image = [nameof(ComparatorOptions.ImageSize), nameof(ComparatorOptions.ImageChannels)];
        string[] controller = [.. image, nameof(ArcOptions.HiddenSize), nameof(ArcOptions.GlimpseSize), nameof(ArcOptions.GlimpsesPerImage),
            nameof(ArcOptions.BoundedWindow), nameof(ArcOptions.InputDropout)];
        static IEnumerable<string> Settings(Type type) => type.GetProperties().Where(p => p.CanWrite).Select(p => p.Name);

        Settings(typeof(PlainArcOptions)).Should().BeEquivalentTo(controller);
        Settings(typeof(ConvArcOptions)).Should().BeEquivalentTo([.. controller, nameof(ConvArcOptions.TrunkDropout)]);
        Settings(typeof(ConvArcLiteOptions)).Should().BeEquivalentTo([.. controller, nameof(ConvArcLiteOptions.TrunkChannels),
            nameof(ConvArcLiteOptions.AttendedBlocks), nameof(ConvArcLiteOptions.AttentionChannels), nameof(ConvArcLiteOptions.ControllerShare)]);
        Settings(typeof(PrototypicalOptions)).Should().BeEquivalentTo([.. image, nameof(PrototypicalOptions.TrunkChannels)]);
    }

    [Fact]
    public void Each_model_describes_itself_as_the_sample_prints_it()
    {
        new ConvArcLiteOptions().ToString().Should().Be("ConvARC-lite (hidden 128, 8 glimpses of 4x4 per image over 8x8 maps, controller share 0.45)");
        new PlainArcOptions { HiddenSize = 256 }.ToString().Should().Be("ARC (hidden 256, 8 glimpses of 4x4 per image)");
        new ConvArcOptions().ToString().Should().Be("ConvARC (hidden 256, 8 glimpses of 4x4 per image)");
        new PrototypicalOptions().ToString().Should().Be("prototypical network (64-channel trunk)");
    }
}
