using System.Collections.Generic;
using System.Reflection;
using System.Text;

namespace AutoDiff.Weaver.Tests.Properties
{
    /// <summary>
    /// One kind of random program: how to write a body from a seed, how to declare it (the primal
    /// <c>F{k}</c> and its derivatives <c>R{k}</c>, reverse, and <c>T{k}</c>, forward, in class
    /// <c>Programs</c> of the family's namespace), and how to check the woven derivatives of one program
    /// against central differences and against each other. Many bodies go into one compilation.
    /// </summary>
    public abstract class ProgramFamily
    {
        /// <summary>A short name, used in test names and failure reports.</summary>
        public abstract string Name { get; }

        /// <summary>The seed of this family's first fixed program; program k has seed BaseSeed + k.</summary>
        public abstract int BaseSeed { get; }

        /// <summary>How many programs a CI run makes (before <see cref="Soak"/> scales it).</summary>
        public abstract int CiCount { get; }

        /// <summary>The namespace the family's programs are compiled in.</summary>
        public string Namespace => "Random" + Name;

        /// <summary>Usings and the types every program may use (declared in <see cref="Namespace"/>).</summary>
        protected virtual string Types => "";

        /// <summary>One random body, deterministic from <paramref name="seed"/>.</summary>
        public abstract string Generate(int seed);

        /// <summary>The attributes and the method <c>F{k}</c> around <paramref name="body"/>.</summary>
        protected abstract string Declare(int k, string body);

        /// <summary>
        /// Checks program k of a woven batch: returns how it was counted, or throws
        /// <see cref="ProgramMismatch"/> when a derivative disagrees with its reference.
        /// </summary>
        public abstract Verdict Check(Assembly woven, int k);

        /// <summary>The class holding program k in the woven assembly.</summary>
        protected System.Type Programs(Assembly woven) => woven.GetType(Namespace + ".Programs", throwOnError: true)!;

        /// <summary>All the bodies as one compilation unit; <paramref name="firstLines"/> gets the line each program's declaration starts on.</summary>
        public string Source(IReadOnlyList<string> bodies, List<int> firstLines)
        {
            var sb = new StringBuilder("using System; using System.Numerics; using AutoDiff; using static AutoDiff.Activity;\n");
            sb.Append("namespace ").Append(Namespace).Append(" {\n").Append(Types).Append("\npublic static partial class Programs {\n");
            var line = CountLines(sb);
            for (int k = 0; k < bodies.Count; k++)
            {
                firstLines.Add(line);
                var declaration = Declare(k, bodies[k]) + "\n";
                sb.Append(declaration);
                line += CountLines(declaration);
            }
            return sb.Append("} }\n").ToString();
        }

        private static int CountLines(object text)
        {
            int n = 1;
            foreach (var c in text.ToString()!) if (c == '\n') n++;
            return n;
        }
    }

    /// <summary>How one program was counted.</summary>
    public enum Verdict
    {
        /// <summary>At least one derivative was compared with central differences, and all agreed.</summary>
        Compared,

        /// <summary>Its gradient is zero at every test point: it tests nothing and is not counted.</summary>
        ZeroGradient,

        /// <summary>Central differences are no reference anywhere (kinks, chaos, overflow): set aside.</summary>
        SetAside,
    }

    /// <summary>A derivative that disagrees with its reference: the message says which, where, and by how much.</summary>
    public sealed class ProgramMismatch : System.Exception
    {
        public ProgramMismatch(string message) : base(message)
        {
        }

        /// <summary>Throws unless <paramref name="actual"/> is within <paramref name="tolerance"/> of <paramref name="expected"/>.</summary>
        public static void Expect(double actual, double expected, double tolerance, string what)
        {
            if (!(System.Math.Abs(actual - expected) <= tolerance) && !(actual.Equals(expected)))
            {
                throw new ProgramMismatch($"{what}: got {actual:R}, expected {expected:R} (tolerance {tolerance:G3})");
            }
        }
    }
}
