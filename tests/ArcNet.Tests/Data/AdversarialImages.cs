using System.Buffers.Binary;
using Format = ArcNet.Tests.Data.ImageFiles.Format;

namespace ArcNet.Tests.Data;

/// <summary>
/// Corrupt and hostile JPEG, WebP, BMP and GIF files, generated from one real Omniglot image saved in each format and a
/// fixed seed, so every run tries the same cases: the counterpart of <see cref="AdversarialPngs"/> for the other formats.
/// </summary>
public static class AdversarialImages
{
    /// <summary>The formats besides PNG, each with what its corpus holds.</summary>
    public static readonly Format[] Formats = [Format.Jpeg, Format.WebP, Format.Bmp, Format.Gif];

    /// <summary>Categories, each prefixed with the format's name. Only flipped bytes may decode: these formats carry no checksum.</summary>
    public static readonly string[] Categories = ["truncated", "random bytes after the signature", "huge declared size", "zero size", "bytes flipped"];

    public static IReadOnlyList<AdversarialPngs.Case> All(byte[] realPng)
    {
        var cases = new List<AdversarialPngs.Case>();
        var random = new Random(20170602);
        using var bitmap = ImageFiles.Decode(realPng);
        foreach (var format in Formats)
        {
            byte[] real = ImageFiles.Encode(bitmap, format);
            void Add(string category, string name, byte[] bytes) =>
                cases.Add(new($"{format} {category}", $"{name}{ImageFiles.Extension(format)}", bytes, MayDecode: category == "bytes flipped"));

            foreach (int cut in Enumerable.Range(1, Math.Min(96, real.Length - 1)).Concat(Enumerable.Range(1, 60).Select(k => real.Length * k / 61)).Distinct())
                Add("truncated", $"first {cut} of {real.Length} bytes", real[..cut]);

            var signature = real[..(format == Format.WebP ? 12 : format == Format.Gif ? 6 : format == Format.Bmp ? 2 : 3)];
            for (int i = 0; i < 20; i++)
                Add("random bytes after the signature", $"signature + random #{i}", [.. signature, .. AdversarialPngs.Bytes(random, random.Next(0, 600))]);

            foreach (var (width, height) in new[] { (100_000, 100_000), (4097, 16), (16, 4097), (65_535, 65_535) })
                Add("huge declared size", $"{width} x {height}", WithSize(real, format, width, height));
            foreach (var (width, height) in new[] { (0, 105), (105, 0), (0, 0) })
                Add("zero size", $"{width} x {height}", WithSize(real, format, width, height));

            for (int i = 0; i < 100; i++)
            {
                var mutated = real.ToArray();
                for (int flips = random.Next(1, 4); flips > 0; flips--)
                    mutated[random.Next(mutated.Length)] ^= (byte)(1 << random.Next(8));
                Add("bytes flipped", $"mutation #{i}", mutated);
            }
        }
        return cases;
    }

    /// <summary>The file with the width and height its header declares replaced, as far as the format's fields hold them.</summary>
    private static byte[] WithSize(byte[] real, Format format, int width, int height)
    {
        var file = real.ToArray();
        var span = file.AsSpan();
        switch (format)
        {
            case Format.Bmp:
                BinaryPrimitives.WriteInt32LittleEndian(span[18..], width);
                BinaryPrimitives.WriteInt32LittleEndian(span[22..], height);
                break;
            case Format.Gif:
                // The logical screen, then the first image descriptor after the 256-entry palette.
                foreach (int at in new[] { 6, 13 + 768 + 5 })
                {
                    BinaryPrimitives.WriteUInt16LittleEndian(span[at..], (ushort)Math.Min(width, ushort.MaxValue));
                    BinaryPrimitives.WriteUInt16LittleEndian(span[(at + 2)..], (ushort)Math.Min(height, ushort.MaxValue));
                }
                break;
            case Format.Jpeg:
                // The frame header: FF C0-C2, length, precision, height, width.
                int frame = Enumerable.Range(2, file.Length - 9).First(i => file[i] == 0xFF && file[i + 1] is 0xC0 or 0xC1 or 0xC2);
                BinaryPrimitives.WriteUInt16BigEndian(span[(frame + 5)..], (ushort)Math.Min(height, ushort.MaxValue));
                BinaryPrimitives.WriteUInt16BigEndian(span[(frame + 7)..], (ushort)Math.Min(width, ushort.MaxValue));
                break;
            default:
                // Lossy WebP: the VP8 frame header holds 14-bit sides after its start code 9D 01 2A.
                int start = span.IndexOf([(byte)0x9D, (byte)0x01, (byte)0x2A]);
                BinaryPrimitives.WriteUInt16LittleEndian(span[(start + 3)..], (ushort)Math.Min(width, 0x3FFF));
                BinaryPrimitives.WriteUInt16LittleEndian(span[(start + 5)..], (ushort)Math.Min(height, 0x3FFF));
                break;
        }
        return file;
    }
}
