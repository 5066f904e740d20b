using ArcNet.Runtime;
using ArcNet.Tests.Data;
using TorchSharp;
using Xunit;

namespace ArcNet.Tests;

/// <summary>
/// Tests whose outcome depends on TorchSharp's process-wide generator: they build modules with a seed (weight
/// initialisation draws from the generator) or train (dropout does). The collection runs alone, after the parallel
/// ones, so no other test draws from the generator meanwhile and a seed gives the same weights on every run.
/// Tests outside it draw their random inputs from a <see cref="torch.Generator"/> of their own and assert only
/// what holds for any weights.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GlobalRandomState : ICollectionFixture<OmniglotTestData>, ICollectionFixture<OneTorchThread>
{
    public const string Name = "Global random state";
}

/// <summary>
/// LibTorch on one thread while the serial tests run. Its worker threads spin while they wait for a busy core, so on
/// a machine shared with other work the training tests here could take ten times as long with more threads.
/// </summary>
public sealed class OneTorchThread : IDisposable
{
    private readonly int _before;

    public OneTorchThread()
    {
        TorchRuntime.EnsureAvailable();
        _before = torch.get_num_threads();
        torch.set_num_threads(1);
    }

    public void Dispose() => torch.set_num_threads(_before);
}
