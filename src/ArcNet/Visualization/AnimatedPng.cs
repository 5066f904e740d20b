using System.Buffers.Binary;
using ArcNet.IO;

namespace ArcNet.Visualization;

/// <summary>
/// Joins PNG frames of one size into an animated PNG (APNG, a PNG extension read by browsers): SkiaSharp encodes PNG
/// but no animated format, and APNG needs only three more chunk kinds around the frames' own compressed data.
/// </summary>
internal static class AnimatedPng
{
    /// <summary>An APNG that loops forever over <paramref name="frames"/> (encoded PNGs with identical headers).</summary>
    internal static byte[] Encode(IReadOnlyList<byte[]> frames, TimeSpan frameDuration)
    {
        if (frames.Count == 0)
            throw new ArgumentException("An animation needs at least one frame.", nameof(frames));
        ushort milliseconds = (ushort)Math.Clamp(Math.Round(frameDuration.TotalMilliseconds), 1, ushort.MaxValue);
        var firstChunks = Chunks(frames[0], 0);
        byte[] header = firstChunks[0].Data;

        using var output = new MemoryStream();
        output.Write(PngChunks.Signature);
        uint sequence = 0;
        for (int frame = 0; frame < frames.Count; frame++)
        {
            var chunks = frame == 0 ? firstChunks : Chunks(frames[frame], frame);
            if (!chunks[0].Data.AsSpan().SequenceEqual(header))
                throw new ArgumentException($"Frame {frame} differs from the first in size or pixel format.", nameof(frames));
            bool frameControlWritten = false;
            foreach (var chunk in chunks)
            {
                if (chunk.Type is "IDAT" && !frameControlWritten)
                {
                    PngChunks.Write(output, "fcTL", FrameControl(sequence++, header, milliseconds));
                    frameControlWritten = true;
                }
                // The first frame keeps its own chunks and doubles as the still image; later frames contribute only
                // their compressed data, renamed fdAT and numbered.
                if (frame == 0 && chunk.Type is not "IEND")
                    PngChunks.Write(output, chunk.Type, chunk.Data);
                else if (frame > 0 && chunk.Type is "IDAT")
                    PngChunks.Write(output, "fdAT", [.. BigEndian(sequence++), .. chunk.Data]);
                if (frame == 0 && chunk.Type is "IHDR")
                    PngChunks.Write(output, "acTL", [.. BigEndian((uint)frames.Count), .. BigEndian(0u)]);   // 0 plays: loop forever
            }
        }
        PngChunks.Write(output, "IEND", []);
        return output.ToArray();
    }

    /// <summary>The chunks of frame <paramref name="index"/> in order, copied out of the file; IHDR must come first.</summary>
    private static List<Chunk> Chunks(byte[] png, int index)
    {
        string name = $"animation frame {index}";
        var chunks = new List<Chunk>();
        foreach (var chunk in PngChunks.Read(png, name))
            chunks.Add(new Chunk(chunk.Type, chunk.Data.ToArray()));
        if (chunks.Count == 0 || chunks[0].Type != "IHDR")
            throw Data.ImageFormats.Bad(name, "is corrupt: IHDR is not its first chunk");
        return chunks;
    }

    private static byte[] FrameControl(uint sequence, byte[] header, ushort milliseconds) =>
    [
        .. BigEndian(sequence),
        .. header.AsSpan(0, 8),                        // width and height, as in IHDR
        .. BigEndian(0u), .. BigEndian(0u),            // x and y offset
        (byte)(milliseconds >> 8), (byte)milliseconds, // delay numerator
        0x03, 0xE8,                                    // delay denominator 1000: milliseconds
        0,                                             // dispose: none
        0,                                             // blend: source (every frame is whole and opaque)
    ];

    private static byte[] BigEndian(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return bytes;
    }

    private sealed record Chunk(string Type, byte[] Data);
}
