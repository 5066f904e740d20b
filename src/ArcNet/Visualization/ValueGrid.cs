namespace ArcNet.Visualization;

/// <summary>
/// A read-only block of floats shaped (channels, rows, columns), copied out of a tensor so that it outlives
/// the tensor and needs no disposing.
/// </summary>
public sealed class ValueGrid
{
    private readonly float[] _values;

    internal ValueGrid(float[] values, int channels, int rows, int columns)
    {
        if (channels < 1 || rows < 1 || columns < 1 || values.Length != channels * rows * columns)
            throw new ArgumentException($"{values.Length} values do not fill a grid of {channels} x {rows} x {columns}.", nameof(values));
        _values = values;
        Channels = channels;
        Rows = rows;
        Columns = columns;
    }

    /// <summary>Number of channels: 1 for pixels, the trunk's feature channels for a ConvARC glimpse.</summary>
    public int Channels { get; }

    /// <summary>Number of rows (the vertical axis, top first).</summary>
    public int Rows { get; }

    /// <summary>Number of columns (the horizontal axis, left first).</summary>
    public int Columns { get; }

    /// <summary>The value at <paramref name="channel"/>, <paramref name="row"/>, <paramref name="column"/>.</summary>
    public float this[int channel, int row, int column]
    {
        get
        {
            if ((uint)channel >= (uint)Channels || (uint)row >= (uint)Rows || (uint)column >= (uint)Columns)
                throw new ArgumentOutOfRangeException(nameof(channel), $"({channel}, {row}, {column}) is outside a grid of {Channels} x {Rows} x {Columns}.");
            return _values[(channel * Rows + row) * Columns + column];
        }
    }

    /// <summary>All values, channel by channel, each channel row by row.</summary>
    public ReadOnlySpan<float> Values => _values;

    /// <summary>The mean over channels at each (row, column), row by row: what a renderer shows of a multi-channel glimpse.</summary>
    public float[] ChannelMean()
    {
        int plane = Rows * Columns;
        var mean = new float[plane];
        for (int c = 0; c < Channels; c++)
            for (int i = 0; i < plane; i++)
                mean[i] += _values[c * plane + i] / Channels;
        return mean;
    }
}
