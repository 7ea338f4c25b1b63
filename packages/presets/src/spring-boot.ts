import { HealthCheck } from '@slipway/constructs';
import type { Construct } from 'constructs';
import { detectFor } from './_checks.js';
import { SourceTree } from './_source.js';
import { FrameworkPreset, createSystemUser, finishImage, withDefaults, type PresetOptions } from './framework-preset.js';

/** Default images: JDK with the build tool, and a JRE for runtime (Ubuntu based: bash for the health check). */
export const SPRING_IMAGES = {
  maven: 'maven:3.9.9-eclipse-temurin-21',
  gradle: 'gradle:8.12.1-jdk21',
  jre: 'eclipse-temurin:21.0.6_7-jre-jammy',
} as const;

/** How the layered jar is unpacked, by Spring Boot version. */
export type SpringLayerMode = 'tools' | 'layertools' | 'layertools-legacy';

/** Options of {@link SpringBoot}. */
export interface SpringBootOptions extends PresetOptions {
  /**
   * Build tool.
   * @default from pom.xml / build.gradle(.kts)
   */
  readonly buildTool?: 'maven' | 'gradle';
  /**
   * Image with JDK and build tool.
   * @default {@link SPRING_IMAGES}
   */
  readonly buildImage?: string;
  /**
   * Runtime JRE image.
   * @default `eclipse-temurin:21.0.6_7-jre-jammy`
   */
  readonly jreImage?: string;
  /**
   * Jar unpacking: `tools` (Boot ≥ 3.3), `layertools` (3.2), `layertools-legacy` (< 3.2).
   * @default from the Spring Boot version in the build file, else `tools`
   */
  readonly layers?: SpringLayerMode;
  /**
   * JVM options.
   * @default heap at 75% of the container's memory limit, exit on OOM
   */
  readonly javaOptions?: string;
}

const LAYERS = ['dependencies', 'spring-boot-loader', 'snapshot-dependencies', 'application'];

/**
 * A Spring Boot app: dependencies resolved in their own cached layer, the jar built without
 * tests, unpacked into Boot's layers (dependencies change rarely, the application often) on a
 * JRE image, container-aware heap sizing, non-root, health from `/actuator/health`.
 *
 * @example
 * new SpringBoot(app, 'api', { source: './backend' });
 */
export class SpringBoot extends FrameworkPreset {
  constructor(scope: Construct, id: string, o: SpringBootOptions = {}) {
    o ??= {}; // null from a JavaScript caller means no options
    const { detection, problems } = detectFor('SpringBoot', ['spring-boot'], o, ['maven', 'gradle']);
    const tool = o.buildTool ?? (detection.packageManager === 'gradle' ? 'gradle' : 'maven');
    const tree = new SourceTree(detection.root).sub(detection.appDir);
    const mode = o.layers ?? layerModeOf(tree.text(detection.lockfile ?? 'pom.xml') ?? '');
    const port = o.port ?? 8080;
    const healthPath = o.health ?? '/actuator/health';
    // JRE images have no curl or wget; bash's /dev/tcp talks HTTP well enough for a probe.
    const probe = `exec 3<>/dev/tcp/127.0.0.1/${port} && printf 'GET ${healthPath} HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && grep -q '"status":"UP"' <&3`;
    const healthCheck = o.healthCheck ?? HealthCheck.command(['bash', '-c', probe], { startPeriod: '60s' });
    const javaOptions = o.javaOptions ?? '-XX:MaxRAMPercentage=75.0 -XX:InitialRAMPercentage=50.0 -XX:+ExitOnOutOfMemoryError';
    const app = detection.appDir === '.' ? '' : `${detection.appDir}/`;
    super(scope, id, {
      context: o.source ?? '.',
      optionKeys: ['buildTool', 'buildImage', 'jreImage', 'layers', 'javaOptions'],
      props: withDefaults({ port, healthCheck, resources: { cpus: 1, memory: '1G' }, capDrop: ['ALL'], stopGracePeriod: '30s' }, o),
      problems,
      ignore: ['**/target', '**/build', '**/.gradle'],
      recipe: (df) => {
        const build = df.stage('build', o.buildImage ?? SPRING_IMAGES[tool]).workdir('/build');
        if (tool === 'maven') {
          const cache = { mounts: [{ type: 'cache' as const, id: 'maven', target: '/root/.m2' }] };
          build.comment('Dependencies first: this layer is rebuilt only when pom.xml changes.');
          build.copy([`${app}pom.xml`], './').run('mvn -B -q dependency:go-offline', cache);
          build.copy([`${app}src`], './src').run(['mvn -B -q package -DskipTests', 'cp target/*.jar /build/app.jar'], cache);
        } else {
          const cache = { mounts: [{ type: 'cache' as const, id: 'gradle', target: '/cache/gradle' }] };
          build.comment('Dependencies first: this layer is rebuilt only when the build files change.');
          build.copy([`${app}*.gradle*`], './').run('gradle --no-daemon -q -g /cache/gradle dependencies', cache);
          build.copy([`${app}src`], './src').run(
            ['gradle --no-daemon -q -g /cache/gradle bootJar -x test', "find build/libs -name '*.jar' ! -name '*-plain.jar' -exec cp {} /build/app.jar ';'"],
            cache,
          );
        }
        const jre = o.jreImage ?? SPRING_IMAGES.jre;
        const extract = df.stage('extract', jre).workdir('/extract').copy(['/build/app.jar'], 'app.jar', { from: 'build' });
        extract.run(
          mode === 'tools'
            ? 'java -Djarmode=tools -jar app.jar extract --layers --launcher --destination /extract/layers'
            : 'java -Djarmode=layertools -jar app.jar extract --destination /extract/layers',
        );
        const runtime = df.stage('runtime', jre);
        createSystemUser(runtime, 10001);
        runtime.workdir('/app').env({ JAVA_TOOL_OPTIONS: javaOptions, SERVER_PORT: String(port) });
        runtime.comment('One layer per Boot layer, least to most often changed.');
        for (const layer of LAYERS) runtime.copy([`/extract/layers/${layer}/`], './', { from: 'extract' });
        const launcher = mode === 'layertools-legacy' ? 'org.springframework.boot.loader.JarLauncher' : 'org.springframework.boot.loader.launch.JarLauncher';
        finishImage(runtime, { user: '10001:10001', port, healthCheck, cmd: ['java', launcher] });
      },
    });
  }
}

/** Boot version from the build file decides how the layered jar is unpacked. */
export function layerModeOf(buildFile: string): SpringLayerMode {
  const v =
    /spring-boot-starter-parent<\/artifactId>\s*<version>(\d+)\.(\d+)/.exec(buildFile) ??
    /org\.springframework\.boot['"]?\)?\s*version\s*['"](\d+)\.(\d+)/.exec(buildFile);
  if (!v) return 'tools';
  const [major, minor] = [Number(v[1]), Number(v[2])];
  if (major > 3 || (major === 3 && minor >= 3)) return 'tools';
  return major === 3 && minor === 2 ? 'layertools' : 'layertools-legacy';
}
