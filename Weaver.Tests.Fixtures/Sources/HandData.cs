using System;
using System.Globalization;
using System.IO;
using System.Linq;

namespace Fixtures
{
    /// <summary>
    /// An ADBench hand input and its model (github.com/microsoft/ADBench, MIT), read as ADBench's
    /// loader reads them, in the layouts <see cref="Hand"/> takes (4×4 matrices row-major, weights
    /// bone-major, x, y, z per vertex and per point). Shared by the tests and the benchmarks.
    /// </summary>
    public sealed class HandData
    {
        public const int ThetaCount = 26;

        public int[] Parents = Array.Empty<int>();
        public double[] BaseRelatives = Array.Empty<double>();
        public double[] InverseBaseAbsolutes = Array.Empty<double>();
        public double[] BasePositions = Array.Empty<double>();
        public double[] Weights = Array.Empty<double>();
        public int[] Triangles = Array.Empty<int>();
        public int[] Correspondences = Array.Empty<int>();
        public double[] Points = Array.Empty<double>();
        public double[] Us = Array.Empty<double>();
        public double[] Theta = Array.Empty<double>();
        public bool IsComplicated;

        public int Rows => 3 * Correspondences.Length;

        public int Columns => IsComplicated ? ThetaCount + 2 : ThetaCount;

        /// <summary>
        /// bones.txt: per line name:parent:16 numbers of the relative transform:16 of the inverse
        /// absolute (both row by row); vertices.txt: x:y:z, 3 normal and 2 texture numbers, then a
        /// count and that many bone:weight pairs; triangles.txt: three vertex indices. The input:
        /// the point and θ counts, per point its vertex or triangle and x y z, in the complicated
        /// variant then two u per point, then θ.
        /// </summary>
        public static HandData Read(string modelDir, string inputPath)
        {
            var bones = Lines(Path.Combine(modelDir, "bones.txt")).Select(l => l.Split(':')).ToArray();
            var vertices = Lines(Path.Combine(modelDir, "vertices.txt")).Select(l => l.Split(':')).ToArray();
            int boneCount = bones.Length, vertexCount = vertices.Length;
            if (bones.Any(b => b.Length != 34)) throw new InvalidDataException("bones.txt: a name, a parent and 32 numbers per bone");
            var data = new HandData
            {
                Parents = bones.Select(b => int.Parse(b[1], CultureInfo.InvariantCulture)).ToArray(),
                BaseRelatives = bones.SelectMany(b => b.Skip(2).Take(16).Select(Number)).ToArray(),
                InverseBaseAbsolutes = bones.SelectMany(b => b.Skip(18).Take(16).Select(Number)).ToArray(),
                BasePositions = vertices.SelectMany(v => v.Take(3).Select(Number)).ToArray(),
                Weights = new double[boneCount * vertexCount],
                Triangles = Lines(Path.Combine(modelDir, "triangles.txt")).SelectMany(l => l.Split(':').Select(s => int.Parse(s, CultureInfo.InvariantCulture))).ToArray(),
            };
            for (int v = 0; v < vertexCount; v++)
            {
                int count = int.Parse(vertices[v][8], CultureInfo.InvariantCulture);
                for (int k = 0; k < count; k++)
                {
                    int bone = int.Parse(vertices[v][9 + 2 * k], CultureInfo.InvariantCulture);
                    data.Weights[bone * vertexCount + v] = Number(vertices[v][10 + 2 * k]);
                }
            }

            var numbers = File.ReadAllText(inputPath).Split(new[] { ' ', '\n', '\r', '\t' }, StringSplitOptions.RemoveEmptyEntries).Select(Number).ToArray();
            int pointCount = (int)numbers[0], thetaCount = (int)numbers[1];
            if (thetaCount != ThetaCount) throw new InvalidDataException($"{inputPath}: {thetaCount} pose parameters, where the model has {ThetaCount}");
            int at = 2;
            data.Correspondences = new int[pointCount];
            data.Points = new double[3 * pointCount];
            for (int i = 0; i < pointCount; i++)
            {
                data.Correspondences[i] = (int)numbers[at++];
                for (int k = 0; k < 3; k++) data.Points[3 * i + k] = numbers[at++];
            }
            data.IsComplicated = numbers.Length == at + 2 * pointCount + thetaCount;
            if (data.IsComplicated)
            {
                data.Us = numbers.Skip(at).Take(2 * pointCount).ToArray();
                at += 2 * pointCount;
            }
            data.Theta = numbers.Skip(at).Take(thetaCount).ToArray();
            if (at + thetaCount != numbers.Length) throw new InvalidDataException($"{inputPath}: {numbers.Length - at - thetaCount} numbers left unread");
            return data;
        }

        private static string[] Lines(string path) => File.ReadAllLines(path).Where(l => l.Trim().Length > 0).ToArray();

        private static double Number(string s) => double.Parse(s, CultureInfo.InvariantCulture);
    }
}
