using ArcNet.Runtime;
using FluentAssertions;
using TorchSharp;
using Xunit;

namespace ArcNet.Tests.Runtime;

public class TorchRuntimeTests
{
    [Fact]
    public void Native_runtime_loads()
    {
        var ensure = () => TorchRuntime.EnsureAvailable();
        ensure.Should().NotThrow();
    }

    [Fact]
    public void A_matmul_gives_the_right_numbers()
    {
        TorchRuntime.EnsureAvailable();
        using var a = torch.tensor(new float[] { 1, 2, 3, 4, 5, 6 }, 2, 3);
        using var b = torch.tensor(new float[] { 7, 8, 9, 10, 11, 12 }, 3, 2);
        using var product = torch.matmul(a, b);

        product.data<float>().ToArray().Should().Equal(58f, 64f, 139f, 154f);
    }

    [Fact]
    public void A_glue_library_missing_from_the_output_is_explained_as_a_missing_backend()
    {
        string empty = Directory.CreateTempSubdirectory("arcnet-empty").FullName;

        string message = NativeLoadDiagnosis.Explain(empty);

        if (OperatingSystem.IsLinux())
            message.Should().Contain("libLibTorchSharp.so").And.Contain("libtorch-cpu-linux-x64");
        else
            message.Should().Contain("TorchSharp-cpu");
    }

    [Theory]
    [InlineData("cuda")]
    [InlineData("cuda:0")]
    public void Asking_for_cuda_without_a_cuda_backend_says_how_to_get_one(string name)
    {
        if (TorchRuntime.IsCudaAvailable)
            return;   // a GPU machine with the CUDA backend: nothing to refuse

        var parse = () => TorchRuntime.ParseDevice(name);

        parse.Should().Throw<ArgumentException>().WithMessage("CUDA was requested but no CUDA device is usable: build the application with -p:TorchBackend=cuda*");
    }
}
