namespace ArcNet.Data;

/// <summary>
/// Whether a dataset's pixels are inverted, and the inversion itself. ARC reads Omniglot as bright ink on a zero
/// background: the glimpse window's filterbanks, a zero-padded trunk and augmentation all treat 0 as "nothing here",
/// and the rest of the image frame is background. So a collection whose background is light is inverted.
/// </summary>
/// <remarks>
/// The background is judged by the outermost ring of pixels, where a centred subject rarely reaches, averaged over
/// every image and channel of the dataset: one decision for the whole dataset, so every image of it is prepared alike
/// and the model file can say how.
/// </remarks>
internal static class InkInversion
{
    /// <summary>Above this mean border brightness (mid-gray on the 0-255 scale) the background counts as light.</summary>
    internal const double LightBackground = 127.5;

    /// <summary>The mean value of the one-pixel frame of <paramref name="count"/> images of <paramref name="channels"/> planes of side <paramref name="size"/>.</summary>
    internal static double BorderBrightness(ReadOnlySpan<byte> pixels, int count, int channels, int size)
    {
        int plane = size * size;
        long sum = 0, border = 0;
        for (int p = 0; p < count * channels; p++)
        {
            var image = pixels.Slice(p * plane, plane);
            for (int y = 0; y < size; y++)
            {
                bool edgeRow = y == 0 || y == size - 1;
                for (int x = 0; x < size; x++)
                    if (edgeRow || x == 0 || x == size - 1)
                    {
                        sum += image[y * size + x];
                        border++;
                    }
            }
        }
        return border == 0 ? 0 : sum / (double)border;
    }

    /// <summary>Whether images like these should be inverted: when their border is light.</summary>
    internal static bool Detect(ReadOnlySpan<byte> pixels, int count, int channels, int size) =>
        BorderBrightness(pixels, count, channels, size) > LightBackground;

    /// <summary>Turns every value v into 255 - v, in place.</summary>
    internal static void Apply(Span<byte> pixels)
    {
        for (int i = 0; i < pixels.Length; i++)
            pixels[i] = (byte)(255 - pixels[i]);
    }
}
