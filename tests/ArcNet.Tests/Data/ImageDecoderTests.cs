using ArcNet.Data;
using FluentAssertions;
using SkiaSharp;
using Xunit;
using Xunit.Abstractions;
using Format = ArcNet.Tests.Data.ImageFiles.Format;

namespace ArcNet.Tests.Data;

/// <summary>Every supported format decodes to the pixels of the same image saved as PNG: exactly when lossless, closely when not.</summary>
public class ImageDecoderTests(ITestOutputHelper output)
{
    private static readonly string[] Characters =
        ["Greek/character01/0394_01.png", "Greek/character07/0400_13.png", "Korean/character10/0652_05.png", "Balinese/character05/0112_20.png"];

    [Theory]
    [InlineData(Format.Bmp, false, 0.0, 0)]
    [InlineData(Format.Bmp, true, 0.0, 0)]
    [InlineData(Format.Gif, false, 0.0, 0)]
    [InlineData(Format.Jpeg, false, 0.5, 4)]
    [InlineData(Format.Jpeg, true, 0.5, 4)]
    [InlineData(Format.WebP, false, 0.5, 4)]
    [InlineData(Format.WebP, true, 0.5, 4)]
    public void A_file_decodes_to_the_pixels_of_its_png_twin(Format format, bool savedAsColour, double meanTolerance, int maxTolerance)
    {
        var differences = new List<int>();
        foreach (var name in Characters)
        {
            byte[] png = OmniglotTestData.Png(name);
            using var bitmap = ImageFiles.Decode(png);
            using var saved = savedAsColour ? bitmap.Copy(SKColorType.Rgba8888) : bitmap;
            byte[] twin = ImageFiles.Encode(saved, format);

            var expected = ImageDecoder.Decode(png, name, 32);
            var actual = ImageDecoder.Decode(twin, name + ImageFiles.Extension(format), 32);

            differences.AddRange(expected.Zip(actual, (e, a) => Math.Abs(e - a)));
        }

        output.WriteLine($"{format}{(savedAsColour ? " (colour)" : "")}: mean difference {differences.Average():0.000}, largest {differences.Max()} of 255");
        differences.Average().Should().BeLessThanOrEqualTo(meanTolerance);
        differences.Max().Should().BeLessThanOrEqualTo(maxTolerance);
    }

    [Fact]
    public void A_gif_gives_its_first_frame()
    {
        using var black = ImageFiles.Bitmap(40, (_, _) => SKColors.Black);
        using var white = ImageFiles.Bitmap(40, (_, _) => SKColors.White);

        var pixels = ImageDecoder.Decode(ImageFiles.Gif(black, white), "two-frames.gif", 8);

        pixels.Should().OnlyContain(p => p == 0, "the first frame is black");
    }

    [Fact]
    public void A_transparent_background_is_paper()
    {
        using var bitmap = ImageFiles.Bitmap(40, (x, _) => x < 20 ? SKColors.Black : SKColors.Transparent);

        var pixels = ImageDecoder.Decode(ImageFiles.Encode(bitmap, Format.Png), "logo.png", 8);

        pixels[4 * 8 + 1].Should().Be(0, "opaque black ink on the left");
        pixels[4 * 8 + 6].Should().Be(255, "the transparent right half is white paper");
    }

    [Fact]
    public void Colour_becomes_gray_by_luma()
    {
        using var red = ImageFiles.Bitmap(16, (_, _) => new SKColor(255, 0, 0));

        var pixels = ImageDecoder.Decode(ImageFiles.Encode(red, Format.Png), "red.png", 4);

        pixels.Should().OnlyContain(p => p == 76, "PIL's luma of pure red is 76");
    }

    [Fact]
    public void Colour_output_keeps_the_channels_as_planes()
    {
        using var bitmap = ImageFiles.Bitmap(16, (x, _) => x < 8 ? new SKColor(255, 0, 0) : new SKColor(0, 0, 255));

        var pixels = ImageDecoder.Decode(ImageFiles.Encode(bitmap, Format.Png), "red-blue.png", 4, channels: 3);

        int Plane(int channel, int x) => pixels[channel * 16 + 2 * 4 + x];
        (Plane(0, 0), Plane(1, 0), Plane(2, 0)).Should().Be((255, 0, 0), "red on the left");
        (Plane(0, 3), Plane(1, 3), Plane(2, 3)).Should().Be((0, 0, 255), "blue on the right");
    }
}
