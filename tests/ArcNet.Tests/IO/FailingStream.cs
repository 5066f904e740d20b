namespace ArcNet.Tests.IO;

/// <summary>
/// A stream that writes through to <paramref name="inner"/> until <paramref name="failAfter"/> bytes, then throws
/// an <see cref="IOException"/> as a full disk would; with exactly that many bytes written, the flush fails instead.
/// </summary>
public sealed class FailingStream(Stream inner, long failAfter) : Stream
{
    public const string Message = "injected failure: no space left on device";

    private long _written;

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        long room = failAfter - _written;
        if (buffer.Length > room)
        {
            // Part of the write lands before the failure, as with a real short write.
            inner.Write(buffer[..(int)Math.Max(0, room)]);
            _written = failAfter;
            throw new IOException(Message);
        }
        inner.Write(buffer);
        _written += buffer.Length;
    }

    public override void Flush()
    {
        if (_written >= failAfter)
            throw new IOException(Message);
        inner.Flush();
    }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            inner.Dispose();
        base.Dispose(disposing);
    }
}
