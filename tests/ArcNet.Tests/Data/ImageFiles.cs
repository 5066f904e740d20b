using System.Buffers.Binary;
using SkiaSharp;

namespace ArcNet.Tests.Data;

/// <summary>
/// Writes test images in every format ArcNet reads. PNG, JPEG and WebP are encoded by SkiaSharp; Skia writes neither BMP
/// nor GIF, so those two are written here: a 24-bit BMP, and a GIF with a 256-level gray palette whose LZW stream
/// resets before its codes outgrow 9 bits (valid, if uncompressed).
/// </summary>
public static class ImageFiles
{
    public enum Format { Png, Jpeg, WebP, Bmp, Gif }

    public static readonly Format[] All = Enum.GetValues<Format>();

    /// <summary>The file extension of <paramref name="format"/>, with its dot.</summary>
    public static string Extension(Format format) => format == Format.Jpeg ? ".jpg" : "." + format.ToString().ToLowerInvariant();

    /// <summary><paramref name="bitmap"/> encoded as <paramref name="format"/>; a GIF keeps only its gray level.</summary>
    public static byte[] Encode(SKBitmap bitmap, Format format, int quality = 95) => format switch
    {
        Format.Png => Skia(bitmap, SKEncodedImageFormat.Png, 100),
        Format.Jpeg => Skia(bitmap, SKEncodedImageFormat.Jpeg, quality),
        Format.WebP => Skia(bitmap, SKEncodedImageFormat.Webp, quality),
        Format.Bmp => Bmp(bitmap),
        _ => Gif(bitmap),
    };

    /// <summary>An encoded file decoded into a bitmap, for re-encoding it in another format.</summary>
    public static SKBitmap Decode(byte[] encoded) => SKBitmap.Decode(encoded) ?? throw new ArgumentException("Not an image Skia decodes.", nameof(encoded));

    /// <summary>A new bitmap of <paramref name="side"/> x <paramref name="side"/> filled by <paramref name="colour"/>(x, y).</summary>
    public static SKBitmap Bitmap(int side, Func<int, int, SKColor> colour)
    {
        var bitmap = new SKBitmap(new SKImageInfo(side, side, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        for (int y = 0; y < side; y++)
            for (int x = 0; x < side; x++)
                bitmap.SetPixel(x, y, colour(x, y));
        return bitmap;
    }

    private static byte[] Skia(SKBitmap bitmap, SKEncodedImageFormat format, int quality)
    {
        using var encoded = bitmap.Encode(format, quality);
        return encoded.ToArray();
    }

    private static byte[] Bmp(SKBitmap bitmap)
    {
        int width = bitmap.Width, height = bitmap.Height, stride = (3 * width + 3) / 4 * 4;
        var file = new byte[54 + stride * height];
        "BM"u8.CopyTo(file);
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(2), file.Length);
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(10), 54);       // pixel data offset
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(14), 40);       // BITMAPINFOHEADER
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(18), width);
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(22), height);   // positive: rows bottom-up
        BinaryPrimitives.WriteInt16LittleEndian(file.AsSpan(26), 1);        // planes
        BinaryPrimitives.WriteInt16LittleEndian(file.AsSpan(28), 24);       // bits per pixel
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                var pixel = bitmap.GetPixel(x, y);
                int at = 54 + (height - 1 - y) * stride + 3 * x;
                (file[at], file[at + 1], file[at + 2]) = (pixel.Blue, pixel.Green, pixel.Red);
            }
        return file;
    }

    /// <summary>A GIF of one frame per bitmap, each pixel the palette entry of its gray level.</summary>
    public static byte[] Gif(params SKBitmap[] frames)
    {
        int width = frames[0].Width, height = frames[0].Height;
        using var file = new MemoryStream();
        file.Write("GIF89a"u8);
        Span<byte> screen = stackalloc byte[7];
        BinaryPrimitives.WriteUInt16LittleEndian(screen, (ushort)width);
        BinaryPrimitives.WriteUInt16LittleEndian(screen[2..], (ushort)height);
        screen[4] = 0xF7;                                                     // global palette of 256 entries
        file.Write(screen);
        for (int level = 0; level < 256; level++)
            file.Write([(byte)level, (byte)level, (byte)level]);
        foreach (var frame in frames)
        {
            file.Write([0x2C, 0, 0, 0, 0]);                                  // image descriptor at (0, 0)
            file.Write([(byte)width, (byte)(width >> 8), (byte)height, (byte)(height >> 8), 0]);
            file.WriteByte(8);                                               // LZW minimum code size
            var data = UncompressedLzw(Enumerable.Range(0, width * height)
                .Select(i => frame.GetPixel(i % width, i / width))
                .Select(c => (byte)((c.Red * 19595 + c.Green * 38470 + c.Blue * 7471 + 0x8000) >> 16)));
            for (int at = 0; at < data.Length; at += 255)
            {
                int length = Math.Min(255, data.Length - at);
                file.WriteByte((byte)length);
                file.Write(data, at, length);
            }
            file.WriteByte(0);
        }
        file.WriteByte(0x3B);
        return file.ToArray();
    }

    /// <summary>Every index as a literal 9-bit code, with a clear code often enough that the decoder's table never needs 10 bits.</summary>
    private static byte[] UncompressedLzw(IEnumerable<byte> indices)
    {
        const int Clear = 256, End = 257, LiteralsPerClear = 250;
        var bytes = new List<byte>();
        int buffer = 0, bits = 0, sinceClear = 0;
        void Emit(int code)
        {
            buffer |= code << bits;
            for (bits += 9; bits >= 8; bits -= 8, buffer >>= 8)
                bytes.Add((byte)buffer);
        }
        Emit(Clear);
        foreach (byte index in indices)
        {
            if (sinceClear++ == LiteralsPerClear)
            {
                Emit(Clear);
                sinceClear = 1;
            }
            Emit(index);
        }
        Emit(End);
        if (bits > 0)
            bytes.Add((byte)buffer);
        return bytes.ToArray();
    }
}
