using System.Buffers.Binary;
using ArcNet.IO;

namespace ArcNet.Data;

/// <summary>
/// Checks that bytes are a structurally sound PNG before the native decoder sees them: the signature, an IHDR
/// with a sane size and a valid bit depth and colour type, every chunk complete with a correct CRC (checked by
/// <see cref="PngChunks"/>), image data, and the closing IEND.
/// </summary>
/// <remarks>
/// Why not leave it all to Skia: without this check its decoder accepted 25 of the 684 damaged files of the fuzz
/// test (ImageDecoderFuzzTests): chunks with bad CRCs, files cut off before IEND. A damaged file must not silently
/// become a training image. This walk is cheap (one CRC pass over a few hundred bytes per Omniglot image) and turns
/// every such problem into an <see cref="InvalidDataException"/> that says what is wrong.
/// </remarks>
internal static class PngStructure
{
    /// <summary>Throws an <see cref="InvalidDataException"/> naming <paramref name="name"/> and the problem unless <paramref name="png"/> is a sound PNG.</summary>
    /// <param name="png">The encoded file.</param>
    /// <param name="name">What to call the file in messages.</param>
    /// <param name="maxSide">Largest width or height accepted.</param>
    internal static void Check(ReadOnlySpan<byte> png, string name, int maxSide)
    {
        bool sawHeader = false, sawData = false, sawPalette = false;
        byte colourType = 0;
        foreach (var chunk in PngChunks.Read(png, name))
        {
            if (!sawHeader)
            {
                if (chunk.Type != "IHDR")
                    throw ImageFormats.Bad(name, $"is corrupt: its first chunk is '{chunk.Type}', not the IHDR header");
                colourType = CheckHeader(chunk.Data, name, maxSide);
                sawHeader = true;
            }
            else if (chunk.Type == "IHDR")
                throw ImageFormats.Bad(name, $"is corrupt: it has a second IHDR header at byte {chunk.Offset}");
            else if (chunk.Type == "PLTE")
                sawPalette = true;
            else if (chunk.Type == "IDAT")
            {
                if (colourType == 3 && !sawPalette)
                    throw ImageFormats.Bad(name, "is corrupt: it is a palette image but its palette (PLTE) does not come before the image data");
                sawData = true;
            }
            else if (chunk.Type == "IEND")
            {
                if (!sawData)
                    throw ImageFormats.Bad(name, "is corrupt: it has no image data (IDAT chunk)");
                return;   // anything after IEND is not part of the image
            }
        }
        throw PngChunks.Truncated(name, png.Length, png.Length);
    }

    /// <summary>Checks IHDR and returns the colour type.</summary>
    private static byte CheckHeader(ReadOnlySpan<byte> header, string name, int maxSide)
    {
        if (header.Length != 13)
            throw ImageFormats.Bad(name, $"is corrupt: its IHDR header is {header.Length} bytes, not 13");
        uint width = BinaryPrimitives.ReadUInt32BigEndian(header);
        uint height = BinaryPrimitives.ReadUInt32BigEndian(header[4..]);
        if (width == 0 || height == 0)
            throw ImageFormats.Bad(name, $"has zero size ({width} x {height})");
        if (width > maxSide || height > maxSide)
            throw ImageFormats.Bad(name, $"is {width} x {height} px; more than {maxSide} px a side is refused");
        byte depth = header[8], colourType = header[9];
        bool valid = colourType switch
        {
            0 => depth is 1 or 2 or 4 or 8 or 16,   // gray
            2 or 4 or 6 => depth is 8 or 16,        // RGB, gray + alpha, RGBA
            3 => depth is 1 or 2 or 4 or 8,         // palette
            _ => false,
        };
        if (!valid)
            throw ImageFormats.Bad(name, $"is corrupt: colour type {colourType} with bit depth {depth} is not a valid PNG combination");
        if (header[10] != 0 || header[11] != 0 || header[12] > 1)
            throw ImageFormats.Bad(name, $"is corrupt: its compression, filter or interlace method ({header[10]}, {header[11]}, {header[12]}) is not defined by PNG");
        return colourType;
    }
}
