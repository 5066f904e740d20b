using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;

namespace ArcNet.Visualization;

/// <summary>
/// Joins PNG frames of one size into an animated PNG (APNG, a PNG extension read by browsers): SkiaSharp encodes PNG
/// but no animated format, and APNG needs only three more chunk kinds around the frames' own compressed data.
/// </summary>
internal static class AnimatedPng
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    internal sealed record Chunk(string Type, byte[] Data);

    /// <summary>An APNG that loops forever over <paramref name="frames"/> (encoded PNGs with identical headers).</summary>
    internal static byte[] Encode(IReadOnlyList<byte[]> frames, TimeSpan frameDuration)
    {
        if (frames.Count == 0)
            throw new ArgumentException("An animation needs at least one frame.", nameof(frames));
        ushort milliseconds = (ushort)Math.Clamp(Math.Round(frameDuration.TotalMilliseconds), 1, ushort.MaxValue);
        var firstChunks = Chunks(frames[0]);
        byte[] header = firstChunks[0].Data;

        using var output = new MemoryStream();
        output.Write(Signature);
        uint sequence = 0;
        for (int frame = 0; frame < frames.Count; frame++)
        {
            var chunks = frame == 0 ? firstChunks : Chunks(frames[frame]);
            if (!chunks[0].Data.AsSpan().SequenceEqual(header))
                throw new ArgumentException($"Frame {frame} differs from the first in size or pixel format.", nameof(frames));
            bool frameControlWritten = false;
            foreach (var chunk in chunks)
            {
                if (chunk.Type is "IDAT" && !frameControlWritten)
                {
                    Write(output, "fcTL", FrameControl(sequence++, header, milliseconds));
                    frameControlWritten = true;
                }
                // The first frame keeps its own chunks and doubles as the still image; later frames contribute only
                // their compressed data, renamed fdAT and numbered.
                if (frame == 0 && chunk.Type is not "IEND")
                    Write(output, chunk.Type, chunk.Data);
                else if (frame > 0 && chunk.Type is "IDAT")
                    Write(output, "fdAT", [.. BigEndian(sequence++), .. chunk.Data]);
                if (frame == 0 && chunk.Type is "IHDR")
                    Write(output, "acTL", [.. BigEndian((uint)frames.Count), .. BigEndian(0u)]);   // 0 plays: loop forever
            }
        }
        Write(output, "IEND", []);
        return output.ToArray();
    }

    /// <summary>The chunks of a PNG file in order, IHDR first; checks the signature and every CRC.</summary>
    internal static List<Chunk> Chunks(byte[] png)
    {
        if (png.Length < Signature.Length || !png.AsSpan(0, Signature.Length).SequenceEqual(Signature))
            throw new InvalidDataException("Not a PNG: the signature is missing.");
        var chunks = new List<Chunk>();
        for (int at = Signature.Length; at < png.Length;)
        {
            int length = checked((int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(at)));
            var typeAndData = png.AsSpan(at + 4, 4 + length);
            if (Crc32.HashToUInt32(typeAndData) != BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(at + 8 + length)))
                throw new InvalidDataException($"PNG chunk at byte {at} fails its CRC.");
            chunks.Add(new Chunk(Encoding.ASCII.GetString(typeAndData[..4]), typeAndData[4..].ToArray()));
            at += 12 + length;
        }
        if (chunks.Count == 0 || chunks[0].Type != "IHDR")
            throw new InvalidDataException("Not a PNG: IHDR is not the first chunk.");
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

    private static void Write(Stream output, string type, byte[] data)
    {
        byte[] typeAndData = [.. Encoding.ASCII.GetBytes(type), .. data];
        output.Write(BigEndian((uint)data.Length));
        output.Write(typeAndData);
        output.Write(BigEndian(Crc32.HashToUInt32(typeAndData)));
    }
}
