using System.Buffers.Binary;
using ArcNet.IO;

namespace ArcNet.Tests.Data;

/// <summary>
/// A corpus of corrupt and hostile PNG files (and files that are no image at all), generated from one real Omniglot PNG
/// and a fixed seed, so every run tries the same cases. Each case says whether a decoder may accept it.
/// <see cref="AdversarialImages"/> does the same for the other formats.
/// </summary>
public static class AdversarialPngs
{
    /// <summary>One file to try. <paramref name="MayDecode"/>: a sound PNG whose pixels were changed, which decoding may accept.</summary>
    public sealed record Case(string Category, string Name, byte[] Bytes, bool MayDecode = false);

    public static IReadOnlyList<Case> All(byte[] realPng)
    {
        var cases = new List<Case>();
        void Add(string category, string name, byte[] bytes, bool mayDecode = false) => cases.Add(new(category, name, bytes, mayDecode));
        var random = new Random(20170601);
        var chunks = Chunks(realPng);

        Add("empty file", "empty", []);

        Add("not an image", "text", "definitely not a PNG"u8.ToArray());
        Add("not an image", "xml", "<?xml version=\"1.0\"?><svg/>"u8.ToArray());
        Add("not an image", "zip header", [0x50, 0x4B, 0x03, 0x04, 0x14, 0, 0, 0]);
        Add("not an image", "one zero byte", [0]);

        Add("not an image", "tiff header", [0x49, 0x49, 0x2A, 0x00, 8, 0, 0, 0]);
        Add("not an image", "WAV (RIFF but not WebP)", [.. "RIFF"u8, 4, 0, 0, 0, .. "WAVE"u8]);

        for (int i = 0; i < 40; i++)
            Add("random bytes", $"random #{i}", Bytes(random, random.Next(1, 2000)));
        for (int i = 0; i < 20; i++)
            Add("PNG signature + random bytes", $"signature + random #{i}", [.. realPng[..8], .. Bytes(random, random.Next(0, 500))]);

        Add("zero size", "0 x 105", HeaderOnly(0, 105));
        Add("zero size", "105 x 0", HeaderOnly(105, 0));
        Add("zero size", "0 x 0", HeaderOnly(0, 0));

        Add("huge declared size", "100000 x 100000", HeaderOnly(100_000, 100_000));
        Add("huge declared size", "4097 x 1", HeaderOnly(4097, 1));
        Add("huge declared size", "1 x 4097", HeaderOnly(1, 4097));
        Add("huge declared size", "2^31-1 x 2^31-1", HeaderOnly(int.MaxValue, int.MaxValue));
        Add("huge declared size", "2^31 x 1 (negative as int32)", HeaderOnly(unchecked((int)0x80000000), 1));
        Add("huge declared size", "2^32-1 x 2^32-1", HeaderOnly(-1, -1));
        Add("huge declared size", "100000 x 100000 with the real image data",
            WithHeader(chunks, h => { BinaryPrimitives.WriteInt32BigEndian(h, 100_000); BinaryPrimitives.WriteInt32BigEndian(h[4..], 100_000); }));

        foreach (var (colour, depth) in new (byte, byte)[] { (1, 8), (5, 8), (7, 8), (255, 8), (0, 3), (0, 0), (2, 4), (3, 16), (6, 1) })
            Add("invalid colour type / bit depth", $"colour {colour}, depth {depth}", HeaderOnly(105, 105, depth, colour));
        Add("invalid colour type / bit depth", "palette without PLTE", HeaderOnly(105, 105, 8, 3));
        Add("invalid colour type / bit depth", "compression method 1", HeaderOnly(105, 105, compression: 1));
        Add("invalid colour type / bit depth", "interlace method 2", HeaderOnly(105, 105, interlace: 2));
        // Valid combinations that do not match the real image's data: the data is too short or mis-filtered.
        foreach (var (colour, depth) in new (byte, byte)[] { (0, 8), (0, 16), (2, 8), (4, 8), (6, 16), (3, 1) })
            Add("wrong colour type for the data", $"real image as colour {colour}, depth {depth}",
                WithHeader(chunks, h => { h[8] = depth; h[9] = colour; }));

        foreach (var chunk in chunks)
        {
            Add("bad CRC", $"{chunk.Type} CRC flipped", Corrupt(realPng, chunk.Offset + 8 + chunk.Length));
            if (chunk.Length > 0)
                Add("bad CRC", $"{chunk.Type} data byte flipped, CRC left", Corrupt(realPng, chunk.Offset + 8 + chunk.Length / 2));
        }

        for (int cut = 1; cut < realPng.Length; cut++)
            Add("truncated", $"first {cut} of {realPng.Length} bytes", realPng[..cut]);

        Add("broken chunk layout", "no IEND", Join(chunks.Where(c => c.Type != "IEND")));
        Add("broken chunk layout", "no IDAT", Join(chunks.Where(c => c.Type != "IDAT")));
        Add("broken chunk layout", "IDAT before IHDR", Join(chunks.OrderBy(c => c.Type == "IDAT" ? 0 : 1)));
        Add("broken chunk layout", "two IHDR", Join(chunks.Take(1).Concat(chunks)));
        Add("broken chunk layout", "chunk length 0xFFFFFFFF", WithLength(realPng, chunks[1].Offset, 0xFFFFFFFF));
        Add("broken chunk layout", "chunk length past the end", WithLength(realPng, chunks[1].Offset, 100_000));
        Add("broken chunk layout", "chunk type not letters", Join(chunks.Select(c => c.Type == "tIME" ? Chunk("t1M\0", c.Data) : c.Bytes)));
        Add("broken chunk layout", "IHDR of 12 bytes", Join(chunks.Select(c => c.Type == "IHDR" ? Chunk("IHDR", c.Data[..12]) : c.Bytes)));

        var data = chunks.Single(c => c.Type == "IDAT");
        for (int i = 0; i < 300; i++)
        {
            var mutated = data.Data.ToArray();
            for (int flips = random.Next(1, 4); flips > 0; flips--)
                mutated[random.Next(mutated.Length)] ^= (byte)(1 << random.Next(8));
            Add("image data mutated, CRC fixed", $"mutation #{i}", Join(chunks.Select(c => c.Type == "IDAT" ? Chunk("IDAT", mutated) : c.Bytes)), mayDecode: true);
        }
        return cases;
    }

    /// <summary>A PNG chunk of the real file: its offset, type, data and encoded bytes (length, type, data, CRC).</summary>
    public sealed record PngChunk(int Offset, string Type, int Length, byte[] Data, byte[] Bytes);

    public static List<PngChunk> Chunks(byte[] png)
    {
        var chunks = new List<PngChunk>();
        foreach (var chunk in PngChunks.Read(png, "the real image"))
            chunks.Add(new(chunk.Offset, chunk.Type, chunk.Data.Length, chunk.Data.ToArray(), png[chunk.Offset..(chunk.Offset + 12 + chunk.Data.Length)]));
        return chunks;
    }

    /// <summary>A chunk with a correct CRC.</summary>
    public static byte[] Chunk(string type, byte[] data)
    {
        using var bytes = new MemoryStream();
        PngChunks.Write(bytes, type, data);
        return bytes.ToArray();
    }

    private static byte[] Join(IEnumerable<PngChunk> chunks) => Join(chunks.Select(c => c.Bytes));

    private static byte[] Join(IEnumerable<byte[]> chunks) => [.. PngChunks.Signature, .. chunks.SelectMany(c => c)];

    /// <summary>Signature, an IHDR as given (with a valid CRC), an empty zlib stream as IDAT, and IEND: enough for a decoder to read the header.</summary>
    public static byte[] HeaderOnly(int width, int height, byte depth = 8, byte colour = 0, byte compression = 0, byte interlace = 0)
    {
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = depth;
        ihdr[9] = colour;
        ihdr[10] = compression;
        ihdr[12] = interlace;
        return Join([Chunk("IHDR", ihdr), Chunk("IDAT", [0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]), Chunk("IEND", [])]);
    }

    /// <summary>The real file with its IHDR edited and its CRC fixed, so only the header's meaning is wrong.</summary>
    private static byte[] WithHeader(List<PngChunk> chunks, SpanAction edit) =>
        Join(chunks.Select(c =>
        {
            if (c.Type != "IHDR")
                return c.Bytes;
            var header = c.Data.ToArray();
            edit(header);
            return Chunk("IHDR", header);
        }));

    private delegate void SpanAction(Span<byte> bytes);

    private static byte[] WithLength(byte[] png, int chunkOffset, uint length)
    {
        var copy = png.ToArray();
        BinaryPrimitives.WriteUInt32BigEndian(copy.AsSpan(chunkOffset), length);
        return copy;
    }

    private static byte[] Corrupt(byte[] png, int at)
    {
        var copy = png.ToArray();
        copy[at] ^= 0x5A;
        return copy;
    }

    public static byte[] Bytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
