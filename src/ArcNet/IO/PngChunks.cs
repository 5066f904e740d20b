using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using static ArcNet.Data.ImageFormats;

namespace ArcNet.IO;

/// <summary>
/// The chunk layer of PNG: the signature, then chunks of length, four-letter type, data and CRC-32 of type and
/// data. One reader and one writer for everything in ArcNet that looks inside a PNG (the structure check before
/// decoding, the animated PNG writer); the CRCs come from System.IO.Hashing.
/// </summary>
internal static class PngChunks
{
    internal static ReadOnlySpan<byte> Signature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Walks the chunks of <paramref name="png"/> in order; every problem is an <see cref="InvalidDataException"/> naming <paramref name="name"/>.</summary>
    /// <exception cref="InvalidDataException">The bytes do not start with the PNG signature.</exception>
    internal static Reader Read(ReadOnlySpan<byte> png, string name) => new(png, name);

    /// <summary>Writes one chunk: length, type, data, and the CRC-32 of type and data.</summary>
    internal static void Write(Stream output, string type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        byte[] typeAndData = [.. Encoding.ASCII.GetBytes(type), .. data];
        BinaryPrimitives.WriteUInt32BigEndian(word, (uint)data.Length);
        output.Write(word);
        output.Write(typeAndData);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc32.HashToUInt32(typeAndData));
        output.Write(word);
    }

    /// <summary>A file that ended inside the chunk starting at <paramref name="offset"/>, or where one more chunk should start.</summary>
    internal static InvalidDataException Truncated(string name, int length, int offset) =>
        Bad(name, $"is truncated: it ends at byte {length}, inside the chunk starting at byte {offset}, before the closing IEND chunk");

    /// <summary>One chunk; its spans point into the file being read.</summary>
    internal readonly ref struct Chunk
    {
        internal Chunk(int offset, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
        {
            Offset = offset;
            Type = Encoding.ASCII.GetString(type);
            Data = data;
        }

        /// <summary>Where the chunk's length field starts in the file.</summary>
        internal int Offset { get; }

        /// <summary>The four-letter type, such as IHDR.</summary>
        internal string Type { get; }

        internal ReadOnlySpan<byte> Data { get; }
    }

    /// <summary>
    /// Enumerates the chunks up to the end of the file (use it with <c>foreach</c>), checking that each is complete,
    /// has a sane length and a type of four letters, and matches its CRC. Which chunks must appear, in what order, is
    /// the caller's business.
    /// </summary>
    internal ref struct Reader
    {
        private readonly ReadOnlySpan<byte> _png;
        private readonly string _name;
        private int _next;

        internal Reader(ReadOnlySpan<byte> png, string name)
        {
            // Which format a file is, and whether it is a cut-off PNG, is told by ImageFormats before a PNG is read.
            if (!png.StartsWith(Signature))
                throw Bad(name, "is not a PNG: it does not start with the PNG signature");
            _png = png;
            _name = name;
            _next = Signature.Length;
        }

        public Chunk Current { get; private set; }

        public readonly Reader GetEnumerator() => this;

        /// <summary>Reads the next chunk; false at the end of the file.</summary>
        public bool MoveNext()
        {
            int offset = _next;
            if (offset == _png.Length)
                return false;
            if (_png.Length - offset < 12)
                throw Truncated(_name, _png.Length, offset);
            uint length = BinaryPrimitives.ReadUInt32BigEndian(_png[offset..]);
            var type = _png.Slice(offset + 4, 4);
            string typeName = Printable(type);
            if (length > int.MaxValue)
                throw Bad(_name, $"is corrupt: chunk '{typeName}' at byte {offset} declares a length of {length} bytes");
            if (!IsChunkType(type))
                throw Bad(_name, $"is corrupt: the chunk at byte {offset} has an invalid type ({typeName})");
            if ((long)_png.Length - offset - 12 < length)
                throw Bad(_name, $"is truncated: chunk '{typeName}' at byte {offset} declares {length} bytes but the file ends at byte {_png.Length}");
            var typeAndData = _png.Slice(offset + 4, 4 + (int)length);
            if (BinaryPrimitives.ReadUInt32BigEndian(_png[(offset + 8 + (int)length)..]) != Crc32.HashToUInt32(typeAndData))
                throw Bad(_name, $"is corrupt: chunk '{typeName}' at byte {offset} fails its CRC check");
            Current = new Chunk(offset, type, typeAndData[4..]);
            _next = offset + 12 + (int)length;
            return true;
        }

        private static bool IsChunkType(ReadOnlySpan<byte> type)
        {
            foreach (byte b in type)
                if (!char.IsAsciiLetter((char)b))
                    return false;
            return true;
        }

        private static string Printable(ReadOnlySpan<byte> type)
        {
            Span<char> chars = stackalloc char[type.Length];
            for (int i = 0; i < type.Length; i++)
                chars[i] = type[i] is >= 0x20 and < 0x7F ? (char)type[i] : '?';
            return new string(chars);
        }
    }
}
