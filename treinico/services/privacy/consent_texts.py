"""The default consent texts (pt-BR). A team publishes its own versions in Privacidade;
these are version 1. ``{negocio}`` becomes the team's name."""

from __future__ import annotations

PURPOSE_LABELS: dict[str, str] = {
    "termos": "Termos de uso e privacidade",
    "saude": "Dados de saúde",
    "marketing": "Mensagens promocionais no WhatsApp",
}

PURPOSE_HINTS: dict[str, str] = {
    "termos": "Necessário para usar a área do cliente.",
    "saude": "Permite ver os registros de saúde que a equipe liberar para você.",
    "marketing": "Novidades e promoções pelo WhatsApp. Opcional.",
}

DEFAULT_TEXTS: dict[str, tuple[str, str]] = {
    "termos": (
        "Termos de uso e privacidade",
        "A área do cliente de {negocio} mostra seus agendamentos, seu plano, suas tarefas e "
        "sua evolução. Para isso, {negocio} trata seu nome, seu WhatsApp e os dados dos "
        "atendimentos que você faz aqui, apenas para prestar o serviço contratado "
        "(LGPD, art. 7º, V).\n\n"
        "Você entra com um código enviado ao seu WhatsApp; ninguém da equipe vê esse código. "
        "Seus dados não são vendidos nem compartilhados para publicidade.\n\n"
        "Você pode, a qualquer momento, baixar uma cópia dos seus dados, pedir correção ou "
        "exclusão, e revogar este aceite em Privacidade. Sem este aceite não é possível usar "
        "a área do cliente.",
    ),
    "saude": (
        "Tratamento de dados de saúde",
        "{negocio} registra informações sobre a sua saúde (anamnese, evoluções, avaliações, "
        "exames, restrições e lesões) para acompanhar seus atendimentos com segurança. "
        "Esses são dados pessoais sensíveis (LGPD, art. 5º, II, e art. 11).\n\n"
        "Com este consentimento, a equipe pode registrar esses dados e você pode ver, na área "
        "do cliente, os registros que ela marcar como visíveis. Os registros são guardados "
        "cifrados e cada acesso a eles fica registrado; você vê quem acessou.\n\n"
        "Você pode revogar este consentimento quando quiser. Depois disso, os registros "
        "deixam de aparecer para você e novos registros não são feitos; os já existentes são "
        "mantidos pelo prazo que a lei exige.",
    ),
    "marketing": (
        "Mensagens promocionais no WhatsApp",
        "Autorizo {negocio} a me enviar novidades, promoções e convites pelo WhatsApp. "
        "Mensagens sobre meus agendamentos e meu plano não dependem desta autorização.\n\n"
        "Posso cancelar a qualquer momento em Privacidade.",
    ),
}
