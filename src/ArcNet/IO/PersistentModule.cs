using ArcNet.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace ArcNet.IO;

/// <summary>
/// The module inside one of ArcNet's model wrappers (<see cref="ArcComparator"/>, <see cref="OneShot.FullContextArc"/>):
/// built on its device, saved with the wrapper's settings as one model file, restored from one, disposed once. The
/// wrappers share it so that each does those things the same way.
/// </summary>
internal sealed class PersistentModule<TModule> : IDisposable where TModule : nn.Module
{
    private readonly TModule _module;
    private readonly Type _owner;
    private bool _disposed;

    /// <summary>Builds the module for inference on <paramref name="device"/> (the CPU when null).</summary>
    /// <param name="build">Makes the module with freshly initialised weights.</param>
    /// <param name="device">Where the weights and all computation live.</param>
    /// <param name="seed">When given, seeds TorchSharp's global generator first, so the same seed gives the same weights.</param>
    /// <param name="owner">The wrapper's type, named when it is used after being disposed.</param>
    /// <exception cref="ArgumentException">The device cannot be used.</exception>
    internal PersistentModule(Func<TModule> build, Device? device, int? seed, Type owner)
    {
        Device = DeviceChoice.Resolve(device);
        _module = DeviceChoice.Build(build, Device, seed);
        _owner = owner;
    }

    /// <summary>The device holding the weights.</summary>
    internal Device Device { get; }

    /// <summary>The module; throws once the owner is disposed.</summary>
    internal TModule Module
    {
        get
        {
            ThrowIfDisposed();
            return _module;
        }
    }

    /// <summary>Throws an <see cref="ObjectDisposedException"/> naming the owner once it is disposed.</summary>
    internal void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, _owner);

    /// <summary>
    /// Writes <paramref name="settings"/> and the weights as a file of <paramref name="kind"/>, atomically;
    /// <paramref name="open"/> opens the temporary file, a test seam for failing streams.
    /// </summary>
    internal void Save<TSettings>(string path, ModelFileKind kind, TSettings settings, Func<string, Stream>? open = null)
    {
        var module = Module;
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ModelFile.Write(path, kind, settings, writer => module.save(writer), open);
    }

    /// <summary>
    /// Loads <paramref name="weights"/> (read from <paramref name="path"/>) into the module of a wrapper just built from
    /// the file's settings, and returns the wrapper; when they do not fit, disposes it and throws.
    /// </summary>
    /// <exception cref="InvalidDataException">The weights do not fit the architecture the settings describe.</exception>
    internal TOwner Restore<TOwner>(TOwner owner, byte[] weights, string path) where TOwner : IDisposable
    {
        try
        {
            ModelFile.ReadPayload(weights, path, reader => Module.load(reader, strict: true));
            return owner;
        }
        catch
        {
            owner.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        _module.Dispose();
    }
}
