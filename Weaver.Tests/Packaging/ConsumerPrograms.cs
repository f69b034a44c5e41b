namespace AutoDiff.Weaver.Tests.Packaging
{
    /// <summary>The programs the package tests' consumer projects are made of, as a user would write them.</summary>
    internal static class ConsumerPrograms
    {
        /// <summary>The seed example; prints "(9, 6)", then the source line of <c>Where</c>'s body as the woven PDB reports it.</summary>
        public const string Seed = @"using AutoDiff;
using static AutoDiff.Activity;

Console.WriteLine(Functions.Bar(3f, 1f));
Console.WriteLine(""line "" + Functions.Where());

public static partial class Functions
{
    [AutoDiffReverse(""Bar"", Active, Active)]
    public static float Foo(float x) => x * x;

    public static int Where() => new System.Diagnostics.StackTrace(true).GetFrame(0)!.GetFileLineNumber();
}
";

        /// <summary>The line of <c>Where</c> in <see cref="Seed"/>.</summary>
        public const int WhereLine = 12;

        /// <summary>A method the weaver refuses (AD2003: exception handling), its <c>try</c> on line 9.</summary>
        public const string Refused = @"using AutoDiff;
using static AutoDiff.Activity;

public static partial class Refused
{
    [AutoDiffReverse(""GuardedGrad"", Active, Active)]
    public static double Guarded(double x)
    {
        try { return x * x; }
        catch (System.ArithmeticException) { return 0; }
    }
}
";

        /// <summary>A library's derivative, used by <see cref="UsesLibrary"/>.</summary>
        public const string Library = @"using AutoDiff;
using static AutoDiff.Activity;

namespace Shapes;

public static partial class Squares
{
    [AutoDiffReverse(""SquareGrad"", Active, Active)]
    public static double Square(double x) => x * x;
}
";

        /// <summary>Calls the library's derivative, and differentiates its own method that calls the library's primal: prints "(9, 6)" and "(8, 12)".</summary>
        public const string UsesLibrary = @"using AutoDiff;
using static AutoDiff.Activity;

Console.WriteLine(Shapes.Squares.SquareGrad(3.0, 1.0));
Console.WriteLine(Cubes.CubeGrad(2.0, 1.0));

public static partial class Cubes
{
    [AutoDiffReverse(""CubeGrad"", Active, Active)]
    public static double Cube(double x) => x * Shapes.Squares.Square(x);
}
";

        /// <summary>An NUnit test of the seed derivative, for <c>dotnet test</c>.</summary>
        public const string SeedTest = @"using AutoDiff;
using NUnit.Framework;
using static AutoDiff.Activity;

public static partial class Functions
{
    [AutoDiffReverse(""Bar"", Active, Active)]
    public static float Foo(float x) => x * x;
}

public class SeedTests
{
    [Test]
    public void Bar_is_the_derivative_of_Foo() => Assert.That(Functions.Bar(3f, 1f), Is.EqualTo((9f, 6f)));
}
";

        /// <summary>A test project as <c>dotnet new nunit</c> writes it (the versions this repository's tests use).</summary>
        public const string TestProjectItems = @"  <ItemGroup>
    <PackageReference Include=""Microsoft.NET.Test.Sdk"" Version=""18.11.0"" />
    <PackageReference Include=""NUnit"" Version=""5.0.0"" />
    <PackageReference Include=""NUnit3TestAdapter"" Version=""6.3.1"" />
  </ItemGroup>";
    }
}
