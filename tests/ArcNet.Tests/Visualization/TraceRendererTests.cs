using System.Buffers.Binary;
using ArcNet.IO;
using ArcNet.Visualization;
using FluentAssertions;
using SkiaSharp;
using Xunit;

namespace ArcNet.Tests.Visualization;

public class TraceRendererTests
{
    private const int Side = 32;

    // Step 0 reads the first image with sample points spanning rows 6..14 and columns 16..24;
    // step 1 reads the second image over rows 17..23 and columns 5..11.
    private static readonly GlimpseRegion FirstWindow = new(10, 20, 2, 1, 4);
    private static readonly GlimpseRegion SecondWindow = new(20, 8, 1.5, 1, 4);

    private static ComparisonTrace Crafted(int glimpseChannels = 1, Func<int, float>? glimpse = null)
    {
        ValueGrid Grid(int channels, int side, Func<int, float> value) =>
            new(Enumerable.Range(0, channels * side * side).Select(value).ToArray(), channels, side, side);
        TraceStep Step(int index, GlimpseRegion region) => new(index, index % 2, (0.1, 0.2, 0.3), region,
            Grid(glimpseChannels, 4, glimpse ?? (i => i % 5)), Grid(1, Side, i => i % Side == (int)region.CentreX ? 1 : 0));
        return new ComparisonTrace(Grid(1, Side, i => i % 7 == 0 ? 1 : 0), Grid(1, Side, i => i % 3 == 0 ? 1 : 0), 4,
            [Step(0, FirstWindow), Step(1, SecondWindow)], 0.8125);
    }

    [Fact]
    public void The_contact_sheet_has_one_row_per_step()
    {
        var trace = Crafted();

        using var sheet = SKBitmap.Decode(trace.ContactSheet());

        var layout = TraceLayout.For(trace);
        layout.PixelScale.Should().Be(4);
        (sheet.Width, sheet.Height).Should().Be((layout.Width, layout.Height(2)));
        sheet.Height.Should().BeGreaterThan(2 * Side * 4);
    }

    [Fact]
    public void The_window_is_outlined_where_its_region_says_on_the_image_it_read()
    {
        var trace = Crafted();

        using var sheet = SKBitmap.Decode(trace.ContactSheet());

        var layout = TraceLayout.For(trace);
        AssertOutlined(sheet, layout.ImageRect(0, 0), FirstWindow);
        AssertOutlined(sheet, layout.ImageRect(1, 1), SecondWindow);
        // Nothing is outlined on the image a step did not read.
        var other = layout.ImageRect(0, 1);
        int left = (int)(other.Left + (FirstWindow.Left + 0.5) * 4);
        sheet.GetPixel(left, (int)other.MidY).Should().NotBe(Drawing.Highlight);
    }

    private static void AssertOutlined(SKBitmap sheet, SKRect panel, GlimpseRegion region)
    {
        // Image pixel i covers panel pixels 4i .. 4i + 3, so coordinate c lies at 4(c + 0.5); the stroke straddles it.
        int Column(double x) => (int)(panel.Left + (x + 0.5) * 4);
        int Row(double y) => (int)(panel.Top + (y + 0.5) * 4);
        int midX = Column(region.CentreX), midY = Row(region.CentreY);
        foreach (var (x, y) in new[] { (Column(region.Left), midY), (Column(region.Right) - 1, midY), (midX, Row(region.Top)), (midX, Row(region.Bottom) - 1) })
            sheet.GetPixel(x, y).Should().Be(Drawing.Highlight, $"the outline passes through ({x}, {y})");
        sheet.GetPixel(Column(region.Left) + 4, midY).Should().NotBe(Drawing.Highlight, "the box is drawn as an outline");
        sheet.GetPixel(Column(region.Left) - 4, midY).Should().NotBe(Drawing.Highlight, "nothing is drawn outside the box");
    }

    [Fact]
    public void A_multi_channel_glimpse_is_drawn_as_the_mean_of_its_channels()
    {
        // Every channel inked in its first cell only: the mean is 1 there and 0 in the other fifteen.
        var trace = Crafted(glimpseChannels: 64, glimpse: i => i % 16 == 0 ? 1 : 0);

        using var sheet = SKBitmap.Decode(trace.ContactSheet());

        var panel = TraceLayout.For(trace).GlimpseRect(0);
        float cell = panel.Width / 4;
        var inked = sheet.GetPixel((int)(panel.Left + cell / 2), (int)(panel.Top + cell / 2));
        var blank = sheet.GetPixel((int)(panel.Right - cell / 2), (int)(panel.Bottom - cell / 2));
        inked.Red.Should().BeLessThan(blank.Red, "ink is drawn dark");
    }

    [Fact]
    public void The_animation_is_a_valid_apng_with_one_frame_per_step()
    {
        var trace = Crafted();

        byte[] apng = trace.Animation(TimeSpan.FromMilliseconds(500));

        var chunks = ReadChunks(apng);
        chunks[0].Type.Should().Be("IHDR");
        chunks[1].Type.Should().Be("acTL");
        BinaryPrimitives.ReadUInt32BigEndian(chunks[1].Data).Should().Be(2u, "one frame per step");
        BinaryPrimitives.ReadUInt32BigEndian(chunks[1].Data.AsSpan(4)).Should().Be(0u, "it loops forever");
        chunks[^1].Type.Should().Be("IEND");
        var frameControls = chunks.Where(c => c.Type == "fcTL").ToList();
        frameControls.Should().HaveCount(2);
        frameControls.Should().AllSatisfy(c =>
        {
            BinaryPrimitives.ReadUInt16BigEndian(c.Data.AsSpan(20)).Should().Be(500);
            BinaryPrimitives.ReadUInt16BigEndian(c.Data.AsSpan(22)).Should().Be(1000);
        });
        chunks.FindIndex(c => c.Type == "fcTL").Should().BeLessThan(chunks.FindIndex(c => c.Type == "IDAT"), "the still image is the first frame");
        var sequence = chunks.Where(c => c.Type is "fcTL" or "fdAT").Select(c => BinaryPrimitives.ReadUInt32BigEndian(c.Data)).ToList();
        sequence.Should().Equal(Enumerable.Range(0, sequence.Count).Select(i => (uint)i));
        chunks.Count(c => c.Type == "fdAT").Should().BeGreaterThan(0);

        using var still = SKBitmap.Decode(apng);
        var layout = TraceLayout.For(trace);
        (still.Width, still.Height).Should().Be((layout.Width, layout.Height(1)));
        BinaryPrimitives.ReadUInt32BigEndian(frameControls[1].Data.AsSpan(4)).Should().Be((uint)layout.Width);
    }

    /// <summary>The chunks in order; the reader checks the signature and every CRC.</summary>
    private static List<(string Type, byte[] Data)> ReadChunks(byte[] png)
    {
        var chunks = new List<(string, byte[])>();
        foreach (var chunk in PngChunks.Read(png, "animation"))
            chunks.Add((chunk.Type, chunk.Data.ToArray()));
        return chunks;
    }
}
