# Flex Template launcher: runs io.rvcbeam.cli.TemplateMain with the template's parameters, which
# submits the job to Dataflow and returns.
#   docker build -f deploy/dataflow/launcher.Dockerfile -t IMAGE .
FROM gcr.io/dataflow-templates-base/java17-template-launcher-base:latest
COPY target/rvc-beam-0.1.0-SNAPSHOT-all.jar /template/rvc-beam.jar
ENV FLEX_TEMPLATE_JAVA_MAIN_CLASS=io.rvcbeam.cli.TemplateMain \
    FLEX_TEMPLATE_JAVA_CLASSPATH=/template/rvc-beam.jar
