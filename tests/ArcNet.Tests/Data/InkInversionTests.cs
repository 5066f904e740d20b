using ArcNet.Data;
using FluentAssertions;
using Xunit;

namespace ArcNet.Tests.Data;

/// <summary>A dataset is inverted when its images' border is light, judged by the mean of their outermost pixels.</summary>
public class InkInversionTests
{
    /// <summary><paramref name="count"/> images of side 8 whose one-pixel frame is <paramref name="border"/> and whose inside is <paramref name="inside"/>.</summary>
    private static byte[] Framed(int count, byte border, byte inside) =>
        Enumerable.Range(0, count * 64).Select(i => (i % 64 / 8, i % 8) is (0 or 7, _) or (_, 0 or 7) ? border : inside).ToArray();

    [Fact]
    public void The_border_brightness_is_the_mean_of_the_outermost_pixels_only()
    {
        InkInversion.BorderBrightness(Framed(2, border: 200, inside: 0), count: 2, channels: 1, size: 8).Should().Be(200);
    }

    [Theory]
    [InlineData(255, 0, true)]      // dark ink on white paper, like Omniglot
    [InlineData(140, 0, true)]      // a light gray background
    [InlineData(0, 255, false)]     // light ink on black
    [InlineData(120, 255, false)]   // a darker-than-mid background
    public void Images_with_a_light_border_are_inverted(byte border, byte inside, bool inverted)
    {
        InkInversion.Detect(Framed(3, border, inside), count: 3, channels: 1, size: 8).Should().Be(inverted);
    }

    [Fact]
    public void Every_channel_of_every_image_counts()
    {
        // Two colour images: red and green planes white at the border, blue black: mean 170, light.
        var pixels = Enumerable.Range(0, 2).SelectMany(_ => Framed(1, 255, 0).Concat(Framed(1, 255, 0)).Concat(Framed(1, 0, 0))).ToArray();

        InkInversion.BorderBrightness(pixels, count: 2, channels: 3, size: 8).Should().BeApproximately(170, 1e-9);
    }

    [Fact]
    public void Inversion_turns_each_value_into_255_minus_it()
    {
        byte[] pixels = [0, 1, 128, 255];

        InkInversion.Apply(pixels);

        pixels.Should().Equal(255, 254, 127, 0);
    }
}
